import { serverToUserChannel } from '../channels/channel-name.ts';
import { decodeUserData, userSignatureMatches } from '../channels/pusher-protocol.ts';
import type { PusherAppCredentials } from '../channels/pusher-signature.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { ChannelFanOut } from './channel-fan-out.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';
import { TERMINATED_USER_REFUSAL_MS } from './terminate-user-sockets.use-case.ts';
import { watchlistEventsMessage, type WatchlistEvent } from './watchlist-events.ts';

export interface SignedIn {
  readonly userId: string;
  readonly userData: string;
  readonly tellWatchlist?: () => Promise<void>;
}

export type SignInError = { readonly kind: 'InvalidSignature' | 'InvalidUserData' | 'UserTerminated'; readonly message: string };

/**
 * `pusher:signin`: the socket proves who it is with the `auth` the user-auth endpoint signed; the
 * registry remembers it, for `#server-to-user-<id>`, `terminate_connections` and watchlists. A user
 * whose sockets `terminate_connections` closed a moment ago is refused (TERMINATED_USER_REFUSAL_MS).
 * With a `watchlist` in its user data, the socket is told who of it is online and offline now, and
 * later whenever that changes; a user's first sign-in is announced to whoever watches them.
 */
export class SignInUser {
  private readonly deps: { readonly registry: SubscriptionRegistry; readonly credentials: PusherAppCredentials; readonly fanOut: ChannelFanOut };

  constructor(registry: SubscriptionRegistry, credentials: PusherAppCredentials, fanOut: ChannelFanOut) {
    this.deps = { registry, credentials, fanOut };
  }

  /**
   * On success with a watchlist, `tellWatchlist` is what is left to do once `pusher:signin_success`
   * has reached the socket: Pusher sends the watchlist's status after it.
   */
  async execute(input: { readonly socketId: string; readonly auth: unknown; readonly userData: unknown }): Promise<Result<SignedIn, SignInError>> {
    if (typeof input.userData !== 'string' || !userSignatureMatches(this.deps.credentials, input.auth, input.socketId, input.userData)) {
      return err({ kind: 'InvalidSignature', message: 'Invalid signature for user data' });
    }
    const user = decodeUserData(input.userData);
    if (!user.ok) return err({ kind: 'InvalidUserData', message: user.error });
    const userId = user.value.id;
    const watchlist = user.value.watchlist ?? [];
    // Refused before anything is written (pusher-js retries a refused sign-in for the whole refusal)...
    if (await this.deps.registry.wasTerminated(userId)) return err(terminated(userId));
    const signedIn = await this.deps.registry.signIn(input.socketId, userId, watchlist);
    // ...and checked again after signing in, as terminate_connections marks before it lists: one of the two sees the other.
    if (await this.deps.registry.wasTerminated(userId)) {
      const signedOut = await this.deps.registry.signOut(input.socketId);
      // A subscribe that raced this sign-in may have joined the user's own channel meanwhile: it goes too.
      await this.deps.registry.remove(input.socketId, serverToUserChannel(userId));
      // Offline is announced even if online never was: a watcher's snapshot may have seen the user online in between.
      await this.deps.fanOut.announceOnlineChange({ ...(signedIn.wentOffline === undefined ? {} : { wentOffline: signedIn.wentOffline }) });
      await this.deps.fanOut.announceOnlineChange(signedOut);
      return err(terminated(userId));
    }
    await this.deps.fanOut.announceOnlineChange(signedIn, input.socketId);
    return ok({ userId, userData: input.userData, ...(watchlist.length === 0 ? {} : { tellWatchlist: () => this.tellWatchlistStatus(input.socketId, watchlist) }) });
  }

  /**
   * The snapshot, then one look again: a watched user's online or offline announcement, sent by
   * another function, may reach the socket before this snapshot that was read earlier; whatever
   * changed since is told again, last.
   */
  private async tellWatchlistStatus(socketId: string, watchlist: readonly string[]): Promise<void> {
    const told = new Set(await this.deps.registry.onlineAmong(watchlist));
    await this.deps.fanOut.toSockets([socketId], watchlistEventsMessage(statusEvents(watchlist, told)));
    const now = new Set(await this.deps.registry.onlineAmong(watchlist));
    const changed = watchlist.filter((userId) => told.has(userId) !== now.has(userId));
    if (changed.length > 0) await this.deps.fanOut.toSockets([socketId], watchlistEventsMessage(statusEvents(changed, now)));
  }
}

function terminated(userId: string): SignInError {
  return { kind: 'UserTerminated', message: `the connections of user ${userId.slice(0, 64)} were terminated: sign-in is refused for ${TERMINATED_USER_REFUSAL_MS / 1000} seconds after terminate_connections` };
}

/** Who of `userIds` is online and who is offline (an empty half is left out). */
function statusEvents(userIds: readonly string[], online: ReadonlySet<string>): WatchlistEvent[] {
  const [on, off] = [userIds.filter((userId) => online.has(userId)), userIds.filter((userId) => !online.has(userId))];
  return [...(on.length === 0 ? [] : [{ name: 'online' as const, userIds: on }]), ...(off.length === 0 ? [] : [{ name: 'offline' as const, userIds: off }])];
}
