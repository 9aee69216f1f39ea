import { decodeUserData, userSignatureMatches } from '../channels/pusher-protocol.ts';
import type { PusherAppCredentials } from '../channels/pusher-signature.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';

export type SignInError = { readonly kind: 'InvalidSignature' | 'InvalidUserData'; readonly message: string };

/**
 * `pusher:signin`: the socket proves who it is with the `auth` the user-auth endpoint signed; the
 * registry remembers it, for `#server-to-user-<id>` and `terminate_connections`.
 */
export class SignInUser {
  private readonly deps: { readonly registry: SubscriptionRegistry; readonly credentials: PusherAppCredentials };

  constructor(registry: SubscriptionRegistry, credentials: PusherAppCredentials) {
    this.deps = { registry, credentials };
  }

  async execute(input: { readonly socketId: string; readonly auth: unknown; readonly userData: unknown }): Promise<Result<{ readonly userId: string; readonly userData: string }, SignInError>> {
    if (typeof input.userData !== 'string' || !userSignatureMatches(this.deps.credentials, input.auth, input.socketId, input.userData)) {
      return err({ kind: 'InvalidSignature', message: 'Invalid signature for user data' });
    }
    const user = decodeUserData(input.userData);
    if (!user.ok) return err({ kind: 'InvalidUserData', message: user.error });
    await this.deps.registry.signIn(input.socketId, user.value.id);
    return ok({ userId: user.value.id, userData: input.userData });
  }
}
