import { pusherAuthSignature, type PusherAppCredentials } from '../channels/pusher-signature.ts';
import { constantTimeEquals } from '../shared/constant-time.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { isNonEmptyString, isPlainObject } from '../shared/validation.ts';
import { MAX_USER_ID_LENGTH } from '../tokens/access-token.ts';

export type SignInError = { readonly kind: 'InvalidSignature' | 'InvalidUserData'; readonly message: string };

/** `pusher:signin`: the socket proves who it is with the `auth` the user-auth endpoint signed. */
export class SignInUser {
  private readonly credentials: PusherAppCredentials;

  constructor(credentials: PusherAppCredentials) {
    this.credentials = credentials;
  }

  execute(input: { readonly socketId: string; readonly auth: unknown; readonly userData: unknown }): Result<{ readonly userId: string; readonly userData: string }, SignInError> {
    if (typeof input.userData !== 'string' || typeof input.auth !== 'string' || !constantTimeEquals(input.auth, pusherAuthSignature(this.credentials, `${input.socketId}::user::${input.userData}`))) {
      return err({ kind: 'InvalidSignature', message: 'Invalid signature for user data' });
    }
    let data: unknown;
    try {
      data = JSON.parse(input.userData);
    } catch {
      return err({ kind: 'InvalidUserData', message: 'user_data must be JSON' });
    }
    if (!isPlainObject(data) || !isNonEmptyString(data['id'], MAX_USER_ID_LENGTH)) {
      return err({ kind: 'InvalidUserData', message: 'user_data needs an id string' });
    }
    return ok({ userId: data['id'], userData: input.userData });
  }
}
