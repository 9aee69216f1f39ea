import { decodeUserData, userSignatureMatches } from '../channels/pusher-protocol.ts';
import type { PusherAppCredentials } from '../channels/pusher-signature.ts';
import { err, ok, type Result } from '../shared/result.ts';

export type SignInError = { readonly kind: 'InvalidSignature' | 'InvalidUserData'; readonly message: string };

/** `pusher:signin`: the socket proves who it is with the `auth` the user-auth endpoint signed. */
export class SignInUser {
  private readonly credentials: PusherAppCredentials;

  constructor(credentials: PusherAppCredentials) {
    this.credentials = credentials;
  }

  execute(input: { readonly socketId: string; readonly auth: unknown; readonly userData: unknown }): Result<{ readonly userId: string; readonly userData: string }, SignInError> {
    if (typeof input.userData !== 'string' || !userSignatureMatches(this.credentials, input.auth, input.socketId, input.userData)) {
      return err({ kind: 'InvalidSignature', message: 'Invalid signature for user data' });
    }
    const user = decodeUserData(input.userData);
    if (!user.ok) return err({ kind: 'InvalidUserData', message: user.error });
    return ok({ userId: user.value.id, userData: input.userData });
  }
}
