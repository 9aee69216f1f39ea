import { isPresenceChannel } from '../../../domain/channels/channel-name.ts';
import type { PresenceMember } from '../../../domain/channels/pusher-protocol.ts';
import { CONNECTION_TTL_MS } from '../../../domain/connections/connection.ts';
import type { Clock } from '../../../domain/shared/clock.port.ts';
import type { CachedEvent, ChannelSummary, OnlineChange, Rate, SubscriptionRegistry } from '../../../domain/realtime/subscription-registry.port.ts';

interface Subscription {
  readonly member: PresenceMember | undefined;
  readonly expiresAt: number;
}

/**
 * Channels → sockets (with each socket's presence member and expiry), plus socket → channels for
 * disconnects. A subscription lives as long as a connection can unless renewed by subscribing again,
 * as in DynamoDB; expired ones are dropped as they are met.
 */
export class InMemorySubscriptionRegistry implements SubscriptionRegistry {
  private readonly channelSockets = new Map<string, Map<string, Subscription>>();
  private readonly socketChannels = new Map<string, Set<string>>();
  private readonly signedIn = new Map<string, { readonly userId: string; readonly watchlist: ReadonlySet<string>; readonly expiresAt: number }>();
  private readonly terminated = new Expiring<true>();
  private readonly cache = new Expiring<CachedEvent>();
  /** `key` → its current window's index and uses. */
  private readonly windows = new Expiring<{ readonly window: number; uses: number }>();
  private readonly clock: Clock;
  private readonly ttlMs: number;

  constructor(lifetime: { readonly clock?: Clock; readonly ttlMs?: number } = {}) {
    this.clock = lifetime.clock ?? { now: () => Date.now() };
    this.ttlMs = lifetime.ttlMs ?? CONNECTION_TTL_MS;
  }

  async add(socketId: string, channel: string, member?: PresenceMember, maxChannels?: number): Promise<{ memberJoined: boolean; full?: true }> {
    const sockets = this.liveSockets(channel);
    // Checked and taken in one synchronous step, so concurrent adds cannot pass the limit together.
    if (maxChannels !== undefined && !sockets.has(socketId) && this.liveChannelCount(socketId) >= maxChannels) return { memberJoined: false, full: true };
    // Its own socket counts: a socket subscribing again as the same user joins no one new.
    const alreadyPresent = member !== undefined && [...sockets.values()].some((present) => present.member?.userId === member.userId);
    sockets.set(socketId, { member, expiresAt: this.clock.now() + this.ttlMs });
    this.channelSockets.set(channel, sockets);
    const channels = this.socketChannels.get(socketId) ?? new Set<string>();
    channels.add(channel);
    this.socketChannels.set(socketId, channels);
    return { memberJoined: member !== undefined && !alreadyPresent };
  }

  async remove(socketId: string, channel: string): Promise<{ wasSubscribed: boolean; memberLeft?: PresenceMember }> {
    const sockets = this.liveSockets(channel);
    const subscription = sockets.get(socketId);
    this.forget(socketId, channel);
    if (subscription === undefined) return { wasSubscribed: false };
    const member = subscription.member;
    const stillPresent = member !== undefined && [...sockets.values()].some((present) => present.member?.userId === member.userId);
    return member === undefined || stillPresent ? { wasSubscribed: true } : { wasSubscribed: true, memberLeft: member };
  }

  async removeSocket(socketId: string): Promise<{ channel: string; memberLeft?: PresenceMember }[]> {
    const departures: { channel: string; memberLeft?: PresenceMember }[] = [];
    for (const channel of [...(this.socketChannels.get(socketId) ?? [])]) {
      const { wasSubscribed, memberLeft } = await this.remove(socketId, channel);
      if (wasSubscribed) departures.push(memberLeft === undefined ? { channel } : { channel, memberLeft });
    }
    return departures;
  }

  async isSubscribed(socketId: string, channel: string): Promise<boolean> {
    return this.liveSockets(channel).has(socketId);
  }

  async subscriptionCount(socketId: string): Promise<number> {
    return this.liveChannelCount(socketId);
  }

  async subscribers(channel: string): Promise<string[]> {
    return [...this.liveSockets(channel).keys()];
  }

  async members(channel: string): Promise<PresenceMember[]> {
    const unique = new Map<string, PresenceMember>();
    for (const { member } of this.liveSockets(channel).values()) if (member !== undefined && !unique.has(member.userId)) unique.set(member.userId, member);
    return [...unique.values()];
  }

  async memberOf(socketId: string, channel: string): Promise<PresenceMember | undefined> {
    return this.liveSockets(channel).get(socketId)?.member;
  }

  async channels(): Promise<ChannelSummary[]> {
    const summaries: ChannelSummary[] = [];
    for (const name of [...this.channelSockets.keys()]) {
      const sockets = this.liveSockets(name);
      if (sockets.size === 0) continue;
      summaries.push(isPresenceChannel(name) ? { name, subscriptionCount: sockets.size, userCount: (await this.members(name)).length } : { name, subscriptionCount: sockets.size });
    }
    return summaries;
  }

  /** Read and written in one synchronous step, so concurrent sign-ins agree on who came online. */
  async signIn(socketId: string, userId: string, watchlist: readonly string[] = []): Promise<OnlineChange> {
    const previous = this.forgetSignIn(socketId);
    // A socket signing in again as its user, alone, reports it online again (a harmless repeat, as in DynamoDB).
    const cameOnline = !this.liveSignIns().some(([, signIn]) => signIn.userId === userId);
    this.signedIn.set(socketId, { userId, watchlist: new Set(watchlist), expiresAt: this.clock.now() + this.ttlMs });
    const replaced = previous.wentOffline !== undefined && previous.wentOffline !== userId ? { wentOffline: previous.wentOffline } : {};
    return cameOnline ? { cameOnline: userId, ...replaced } : replaced;
  }

  async signedInUser(socketId: string): Promise<string | undefined> {
    const signIn = this.signedIn.get(socketId);
    return signIn !== undefined && signIn.expiresAt > this.clock.now() ? signIn.userId : undefined;
  }

  async signOut(socketId: string): Promise<OnlineChange> {
    return this.forgetSignIn(socketId);
  }

  private forgetSignIn(socketId: string): OnlineChange {
    const signIn = this.signedIn.get(socketId);
    this.signedIn.delete(socketId);
    if (signIn === undefined || signIn.expiresAt <= this.clock.now()) return {};
    return this.liveSignIns().some(([, other]) => other.userId === signIn.userId) ? {} : { wentOffline: signIn.userId };
  }

  async socketsSignedInAs(userId: string): Promise<string[]> {
    return this.liveSignIns().flatMap(([socketId, signIn]) => (signIn.userId === userId ? [socketId] : []));
  }

  async onlineAmong(userIds: readonly string[]): Promise<string[]> {
    const online = new Set(this.liveSignIns().map(([, signIn]) => signIn.userId));
    return userIds.filter((userId) => online.has(userId));
  }

  async watchersOf(userId: string): Promise<string[]> {
    return this.liveSignIns().flatMap(([socketId, signIn]) => (signIn.watchlist.has(userId) ? [socketId] : []));
  }

  async markTerminated(userId: string, forMs: number): Promise<void> {
    this.terminated.set(userId, true, this.clock.now() + forMs, this.clock.now());
  }

  async wasTerminated(userId: string): Promise<boolean> {
    return this.terminated.get(userId, this.clock.now()) !== undefined;
  }

  async cacheEvent(channel: string, event: CachedEvent, ttlMs: number): Promise<void> {
    this.cache.set(channel, event, this.clock.now() + ttlMs, this.clock.now());
  }

  async cachedEvent(channel: string): Promise<CachedEvent | undefined> {
    return this.cache.get(channel, this.clock.now());
  }

  /** Read and counted in one synchronous step, so concurrent uses cannot pass the limit together. */
  async admit(key: string, rate: Rate): Promise<boolean> {
    if (rate.limit < 1) return false;
    const now = this.clock.now();
    const window = Math.floor(now / rate.windowMs);
    const current = this.windows.get(key, now);
    if (current === undefined || current.window !== window) {
      this.windows.set(key, { window, uses: 1 }, (window + 1) * rate.windowMs, now);
      return true;
    }
    if (current.uses >= rate.limit) return false;
    current.uses += 1;
    return true;
  }

  private liveSignIns() {
    const now = this.clock.now();
    return [...this.signedIn].filter(([, signIn]) => signIn.expiresAt > now);
  }

  private liveChannelCount(socketId: string): number {
    return [...(this.socketChannels.get(socketId) ?? [])].filter((channel) => this.liveSockets(channel).has(socketId)).length;
  }

  /** The channel's unexpired subscriptions, after dropping the expired ones. */
  private liveSockets(channel: string): Map<string, Subscription> {
    const sockets = this.channelSockets.get(channel) ?? new Map<string, Subscription>();
    const now = this.clock.now();
    for (const [socketId, subscription] of [...sockets]) if (subscription.expiresAt <= now) this.forget(socketId, channel);
    return sockets;
  }

  private forget(socketId: string, channel: string): void {
    const sockets = this.channelSockets.get(channel);
    sockets?.delete(socketId);
    if (sockets?.size === 0) this.channelSockets.delete(channel);
    const channels = this.socketChannels.get(socketId);
    channels?.delete(channel);
    if (channels?.size === 0) this.socketChannels.delete(socketId);
  }
}

/**
 * Values that lapse at their expiry. Lapsed ones are swept whenever the map has doubled since the
 * last sweep, so keys never met again (a gone socket's window, a cache nobody reads) do not pile up.
 */
class Expiring<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly expiresAt: number }>();
  private sweptAtSize = 0;

  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > now) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, expiresAt: number, now: number): void {
    this.entries.set(key, { value, expiresAt });
    if (this.entries.size < 2 * Math.max(this.sweptAtSize, 64)) return;
    for (const [other, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(other);
    this.sweptAtSize = this.entries.size;
  }
}
