import { serverToUserChannel } from '../channels/channel-name.ts';
import { decodeUserData, userSignatureMatches } from '../channels/pusher-protocol.ts';
import type { PusherAppCredentials } from '../channels/pusher-signature.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';
import { TERMINATED_USER_REFUSAL_MS } from './terminate-user-sockets.use-case.ts';

export type SignInError = { readonly kind: 'InvalidSignature' | 'InvalidUserData' | 'UserTerminated'; readonly message: string };

/**
 * `pusher:signin`: the socket proves who it is with the `auth` the user-auth endpoint signed; the
 * registry remembers it, for `#server-to-user-<id>` and `terminate_connections`. A user whose
 * sockets `terminate_connections` closed a moment ago is refused (TERMINATED_USER_REFUSAL_MS).
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
    const userId = user.value.id;
    // Checked after signing in, as terminate_connections marks before it lists: one of the two sees the other.
    await this.deps.registry.signIn(input.socketId, userId);
    if (await this.deps.registry.wasTerminated(userId)) {
      await this.deps.registry.signOut(input.socketId);
      // A subscribe that raced this sign-in may have joined the user's own channel meanwhile: it goes too.
      await this.deps.registry.remove(input.socketId, serverToUserChannel(userId));
      return err({ kind: 'UserTerminated', message: `the connections of user ${userId.slice(0, 64)} were terminated: sign-in is refused for ${TERMINATED_USER_REFUSAL_MS / 1000} seconds after terminate_connections` });
    }
    return ok({ userId, userData: input.userData });
  }
}
