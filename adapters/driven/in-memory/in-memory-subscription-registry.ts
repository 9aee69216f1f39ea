import { isPresenceChannel } from '../../../domain/channels/channel-name.ts';
import type { PresenceMember } from '../../../domain/channels/pusher-protocol.ts';
import { CONNECTION_TTL_MS } from '../../../domain/connections/connection.ts';
import type { Clock } from '../../../domain/shared/clock.port.ts';
import type { ChannelSummary, SubscriptionRegistry } from '../../../domain/realtime/subscription-registry.port.ts';

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
  private readonly signedIn = new Map<string, { readonly userId: string; readonly expiresAt: number }>();
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
    const alreadyPresent = member !== undefined && [...sockets.entries()].some(([other, present]) => other !== socketId && present.member?.userId === member.userId);
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
    this.signedIn.delete(socketId);
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

  async signIn(socketId: string, userId: string): Promise<void> {
    this.signedIn.set(socketId, { userId, expiresAt: this.clock.now() + this.ttlMs });
  }

  async signedInUser(socketId: string): Promise<string | undefined> {
    const signIn = this.signedIn.get(socketId);
    return signIn !== undefined && signIn.expiresAt > this.clock.now() ? signIn.userId : undefined;
  }

  async socketsSignedInAs(userId: string): Promise<string[]> {
    const now = this.clock.now();
    return [...this.signedIn].filter(([, signIn]) => signIn.userId === userId && signIn.expiresAt > now).map(([socketId]) => socketId);
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
