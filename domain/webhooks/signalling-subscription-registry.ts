import type { PresenceMember } from '../channels/pusher-protocol.ts';
import type { CachedEvent, ChannelSummary, OnlineChange, Rate, SubscriptionRegistry } from '../realtime/subscription-registry.port.ts';
import { APP_WEBHOOK_LIMITS, type WebhookSignal } from './app-webhooks.ts';
import type { WebhookSignals } from './webhook-signals.port.ts';

/**
 * A SubscriptionRegistry that tells the webhook worker what may have changed: after a subscribe,
 * the channel's occupancy (and the member's presence, when they joined); after a leave, the same,
 * held back 3 s so a quick re-join cancels it (Pusher debounces member_removed so; pushgate holds
 * channel_vacated the same way, so a reconnecting socket does not vacate its channel). A signal that cannot be
 * sent is reported, never a reason to fail the socket's own request.
 */
export class SignallingSubscriptionRegistry implements SubscriptionRegistry {
  private readonly deps: { readonly registry: SubscriptionRegistry; readonly signals: WebhookSignals; readonly onSignalFailure: (error: unknown) => void };

  constructor(deps: SignallingSubscriptionRegistry['deps']) {
    this.deps = deps;
  }

  async add(socketId: string, channel: string, member?: PresenceMember, maxChannels?: number): Promise<{ readonly memberJoined: boolean; readonly full?: true }> {
    const added = await this.deps.registry.add(socketId, channel, member, maxChannels);
    if (added.full !== true) await this.signal([{ kind: 'occupancy', channel }, ...(added.memberJoined && member !== undefined ? [{ kind: 'presence' as const, channel, userId: member.userId }] : [])]);
    return added;
  }

  async remove(socketId: string, channel: string): Promise<{ readonly wasSubscribed: boolean; readonly memberLeft?: PresenceMember }> {
    const removed = await this.deps.registry.remove(socketId, channel);
    if (removed.wasSubscribed) await this.signalDepartures([{ channel, ...(removed.memberLeft === undefined ? {} : { memberLeft: removed.memberLeft }) }]);
    return removed;
  }

  async removeSocket(socketId: string): Promise<readonly { readonly channel: string; readonly memberLeft?: PresenceMember }[]> {
    const departures = await this.deps.registry.removeSocket(socketId);
    await this.signalDepartures(departures);
    return departures;
  }

  isSubscribed(socketId: string, channel: string): Promise<boolean> {
    return this.deps.registry.isSubscribed(socketId, channel);
  }

  subscriptionCount(socketId: string): Promise<number> {
    return this.deps.registry.subscriptionCount(socketId);
  }

  subscribers(channel: string): Promise<readonly string[]> {
    return this.deps.registry.subscribers(channel);
  }

  members(channel: string): Promise<readonly PresenceMember[]> {
    return this.deps.registry.members(channel);
  }

  memberOf(socketId: string, channel: string): Promise<PresenceMember | undefined> {
    return this.deps.registry.memberOf(socketId, channel);
  }

  channels(): Promise<readonly ChannelSummary[]> {
    return this.deps.registry.channels();
  }

  signIn(socketId: string, userId: string, watchlist?: readonly string[]): Promise<OnlineChange> {
    return this.deps.registry.signIn(socketId, userId, watchlist);
  }

  signedInUser(socketId: string): Promise<string | undefined> {
    return this.deps.registry.signedInUser(socketId);
  }

  socketsSignedInAs(userId: string): Promise<readonly string[]> {
    return this.deps.registry.socketsSignedInAs(userId);
  }

  signOut(socketId: string): Promise<OnlineChange> {
    return this.deps.registry.signOut(socketId);
  }

  onlineAmong(userIds: readonly string[]): Promise<readonly string[]> {
    return this.deps.registry.onlineAmong(userIds);
  }

  watchersOf(userId: string): Promise<readonly string[]> {
    return this.deps.registry.watchersOf(userId);
  }

  markTerminated(userId: string, forMs: number): Promise<void> {
    return this.deps.registry.markTerminated(userId, forMs);
  }

  wasTerminated(userId: string): Promise<boolean> {
    return this.deps.registry.wasTerminated(userId);
  }

  cacheEvent(channel: string, event: CachedEvent, ttlMs: number): Promise<void> {
    return this.deps.registry.cacheEvent(channel, event, ttlMs);
  }

  cachedEvent(channel: string): Promise<CachedEvent | undefined> {
    return this.deps.registry.cachedEvent(channel);
  }

  admit(key: string, rate: Rate): Promise<boolean> {
    return this.deps.registry.admit(key, rate);
  }

  private async signalDepartures(departures: readonly { readonly channel: string; readonly memberLeft?: PresenceMember }[]): Promise<void> {
    if (departures.length === 0) return;
    // Held back together, so a socket that reconnects at once (pusher-js does) vacates nothing and removes no one.
    const left = departures.flatMap(({ channel, memberLeft }) => (memberLeft === undefined ? [] : [{ kind: 'presence' as const, channel, userId: memberLeft.userId }]));
    await this.signal([...left, ...departures.map(({ channel }) => ({ kind: 'occupancy' as const, channel }))], APP_WEBHOOK_LIMITS.memberLeaveDelaySeconds);
  }

  private async signal(signals: readonly WebhookSignal[], delaySeconds?: number): Promise<void> {
    try {
      await this.deps.signals.send(signals, delaySeconds === undefined ? {} : { delaySeconds });
    } catch (error) {
      this.deps.onSignalFailure(error);
    }
  }
}
