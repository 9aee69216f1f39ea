import type { PresenceMember } from '../channels/pusher-protocol.ts';

export interface ChannelSummary {
  readonly name: string;
  readonly subscriptionCount: number;
  /** Distinct users, on presence channels only. */
  readonly userCount?: number;
}

/** A cache channel's last event, as it was published (`data` a string or a JSON value). */
export interface CachedEvent {
  readonly event: string;
  readonly data: unknown;
}

/**
 * Whether a sign-in or sign-out changed anyone's online status: a user is online while at least one
 * socket is signed in as them (Pusher's watchlist semantics; presence alone does not count).
 */
export interface OnlineChange {
  /** This sign-in is the user's first signed-in socket. */
  readonly cameOnline?: string;
  /** The socket was the last signed in as this user (on a sign-in: as the user it was before). */
  readonly wentOffline?: string;
}

/** At most `limit` uses in each window of `windowMs` (windows start at multiples of it on the registry's clock). */
export interface Rate {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Which sockets are subscribed to which channels, who is present where, and who each socket signed
 * in as: everything about a socket that must outlive one function invocation. A user with several
 * sockets on one presence channel is one member: joined with the first, gone with the last.
 */
export interface SubscriptionRegistry {
  /**
   * `memberJoined` when this socket made its user present on the channel. With `maxChannels`, a
   * socket already on that many other channels is refused (`full`), atomically: concurrent
   * subscribes of one socket, served by different functions, cannot pass the limit together.
   */
  add(socketId: string, channel: string, member?: PresenceMember, maxChannels?: number): Promise<{ readonly memberJoined: boolean; readonly full?: true }>;
  /** `memberLeft` when this was the user's last socket on the channel. */
  remove(socketId: string, channel: string): Promise<{ readonly wasSubscribed: boolean; readonly memberLeft?: PresenceMember }>;
  /** Every channel the socket was on, for a disconnect (its sign-in is `signOut`'s). */
  removeSocket(socketId: string): Promise<readonly { readonly channel: string; readonly memberLeft?: PresenceMember }[]>;
  isSubscribed(socketId: string, channel: string): Promise<boolean>;
  /** How many channels the socket is on (held under `MAX_SUBSCRIPTIONS_PER_SOCKET`). */
  subscriptionCount(socketId: string): Promise<number>;
  subscribers(channel: string): Promise<readonly string[]>;
  members(channel: string): Promise<readonly PresenceMember[]>;
  memberOf(socketId: string, channel: string): Promise<PresenceMember | undefined>;
  /** Occupied channels only. */
  channels(): Promise<readonly ChannelSummary[]>;
  /**
   * `pusher:signin` succeeded: the socket is this user's, watching the online status of `watchlist`'s
   * users (a second sign-in replaces the first, watchlist included). Atomic per user: of concurrent
   * first sign-ins one answers `cameOnline`, of concurrent last sign-outs one `wentOffline`. A lone
   * socket signing in again as its user answers `cameOnline` again (a repeat is harmless; silence is not).
   */
  signIn(socketId: string, userId: string, watchlist?: readonly string[]): Promise<OnlineChange>;
  signedInUser(socketId: string): Promise<string | undefined>;
  /** The socket's sign-in and watchlist are forgotten (it stays on its channels). */
  signOut(socketId: string): Promise<OnlineChange>;
  /** The sockets signed in as the user, for `terminate_connections`. */
  socketsSignedInAs(userId: string): Promise<readonly string[]>;
  /** Which of these users are online (signed in on some socket). */
  onlineAmong(userIds: readonly string[]): Promise<readonly string[]>;
  /** The signed-in sockets whose watchlist holds the user. */
  watchersOf(userId: string): Promise<readonly string[]>;
  /** `terminate_connections` ended the user's sockets: remembered for `forMs`. */
  markTerminated(userId: string, forMs: number): Promise<void>;
  wasTerminated(userId: string): Promise<boolean>;
  /** A cache channel's last event, kept for `ttlMs` unless a later one replaces it. */
  cacheEvent(channel: string, event: CachedEvent, ttlMs: number): Promise<void>;
  cachedEvent(channel: string): Promise<CachedEvent | undefined>;
  /**
   * Counts one use of `key` in its current window; false (and nothing counted) once `rate.limit`
   * uses were. Atomic: concurrent functions (API Gateway runs one socket's frames in parallel)
   * cannot pass the limit together.
   */
  admit(key: string, rate: Rate): Promise<boolean>;
}
