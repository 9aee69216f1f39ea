import { hasSubscriptionCount, SUBSCRIPTION_COUNT_THROTTLE } from '../channels/pusher-protocol.ts';
import { chunksOf } from '../shared/chunks.ts';
import { mapWithConcurrency } from '../shared/map-with-concurrency.ts';
import { MAX_CHUNK_SOCKETS, type ChannelDeliveryChunk } from './channel-delivery-chunk.ts';
import type { ChannelDeliveryQueue } from './channel-delivery-queue.port.ts';
import type { RealtimeDelivery, RealtimeMessage } from './realtime-delivery.port.ts';
import { REALTIME_EVENTS } from './realtime-events.ts';
import type { OnlineChange, SubscriptionRegistry } from './subscription-registry.port.ts';
import { watchlistEventsMessage } from './watchlist-events.ts';

/**
 * Deliveries in flight at once from one function. Every delivery is an `@connections` call, and
 * those share the account's 10,000 requests/s with every other API Gateway call.
 */
export const DELIVERY_CONCURRENCY = 16;

/**
 * With a queue, a channel with more recipients than this is delivered by the queue's worker. 100
 * posts at DELIVERY_CONCURRENCY are about seven rounds of `@connections` calls, a few hundred
 * milliseconds added to the request that published; a queued chunk costs a SendMessageBatch and a
 * worker's start before anyone receives it, which a small channel should not wait for.
 */
export const CHANNEL_INLINE_LIMIT = 100;

/**
 * Gone sockets forgotten at once. Each is registry writes and perhaps its departures' own fan-out
 * (up to DELIVERY_CONCURRENCY in flight each), so a chunk that finds many gone stays bounded.
 */
const FORGET_CONCURRENCY = 4;

export interface FanOutOptions {
  /** Tell the subscribers of non-presence channels their number as sockets join and leave (Pusher's per-app switch). */
  readonly subscriptionCountEvents?: boolean;
}

export interface ChannelQueueing {
  readonly queue: ChannelDeliveryQueue;
  /** More recipients than this and a channel's deliveries are queued (default CHANNEL_INLINE_LIMIT). */
  readonly inlineLimit?: number;
}

/** What a chunk's delivery came to. */
export interface ChunkReport {
  readonly delivered: number;
  readonly gone: number;
}

/**
 * Some deliveries failed after the adapter's own retries (throttling is retried there). The others
 * were made and the gone sockets forgotten before this is thrown.
 */
export class DeliveriesFailed extends Error {
  override readonly name = 'DeliveriesFailed';

  constructor(failed: number, attempted: number, firstError: unknown) {
    super(`${failed} of ${attempted} deliveries failed; the first: ${firstError instanceof Error ? `${firstError.name}: ${firstError.message}` : String(firstError)}`, { cause: firstError });
  }
}

type Settled = { readonly outcome: 'delivered' | 'gone' } | { readonly outcome: 'failed'; readonly error: unknown };

/**
 * Delivers to a channel's subscribers, and forgets every socket found gone on the way (a
 * `$disconnect` is best-effort): its subscriptions are removed and its presence departures announced.
 * Given a queue, a large channel is split into chunks for the queue's worker instead of delivered inline.
 */
export class ChannelFanOut {
  private readonly deps: {
    readonly registry: SubscriptionRegistry;
    readonly delivery: RealtimeDelivery;
    readonly queueing: Required<ChannelQueueing> | undefined;
    readonly subscriptionCountEvents: boolean;
  };

  constructor(registry: SubscriptionRegistry, delivery: RealtimeDelivery, queueing?: ChannelQueueing, options: FanOutOptions = {}) {
    this.deps = {
      registry,
      delivery,
      queueing: queueing === undefined ? undefined : { queue: queueing.queue, inlineLimit: queueing.inlineLimit ?? CHANNEL_INLINE_LIMIT },
      subscriptionCountEvents: options.subscriptionCountEvents ?? false,
    };
  }

  /**
   * To every subscriber of `channel` but `except`. Answers how many deliveries: inline, those made
   * (sockets found gone do not count); queued, the recipients handed to the queue, whose worker finds
   * out which of them are gone.
   */
  async toChannel(channel: string, message: RealtimeMessage, except?: string): Promise<number> {
    return this.toRecipients((await this.deps.registry.subscribers(channel)).filter((socketId) => socketId !== except), message);
  }

  /**
   * One publish to several channels, as `toChannel` each, but the inline limit counts the whole
   * publish: a trigger naming 100 channels of 100 subscribers goes to the queue, not 10,000 posts in
   * one request. Answers the deliveries, counted as `toChannel` counts them.
   */
  async toChannels(channels: readonly string[], messageFor: (channel: string) => RealtimeMessage, except?: string): Promise<number> {
    const recipients = await Promise.all(channels.map(async (channel) => (await this.deps.registry.subscribers(channel)).filter((socketId) => socketId !== except)));
    const total = recipients.reduce((sum, sockets) => sum + sockets.length, 0);
    const queueing = this.deps.queueing;
    let deliveries = 0;
    for (const [index, channel] of channels.entries()) {
      const sockets = recipients[index] ?? [];
      if (queueing !== undefined && total > queueing.inlineLimit && sockets.length > 0) {
        await queueing.queue.enqueue(chunksOf(sockets, MAX_CHUNK_SOCKETS).map((socketIds) => ({ message: messageFor(channel), socketIds })));
        deliveries += sockets.length;
      } else {
        deliveries += await this.toSockets(sockets, messageFor(channel));
      }
    }
    return deliveries;
  }

  /**
   * After a join or a leave, with subscription count events on: tells the channel's subscribers how
   * many they are now (`pusher_internal:subscription_count`), all but `joined`, whose own count must
   * follow its `subscription_succeeded`. Above SUBSCRIPTION_COUNT_THROTTLE.above subscribers, one
   * announcement per window, claimed atomically in the registry by whichever function comes first.
   * Answers the count, or undefined when none is due (counts off, presence and user channels).
   */
  async announceSubscriptionCount(channel: string, joined?: string): Promise<number | undefined> {
    if (!this.deps.subscriptionCountEvents || !hasSubscriptionCount(channel)) return undefined;
    const sockets = await this.deps.registry.subscribers(channel);
    const others = joined === undefined ? sockets : sockets.filter((socketId) => socketId !== joined);
    if (others.length === 0) return sockets.length;
    const due = sockets.length <= SUBSCRIPTION_COUNT_THROTTLE.above || (await this.deps.registry.admit(`subscription-count#${channel}`, { limit: 1, windowMs: SUBSCRIPTION_COUNT_THROTTLE.windowMs }));
    if (due) await this.toRecipients(others, subscriptionCountMessage(channel, sockets.length));
    return sockets.length;
  }

  private async toRecipients(sockets: readonly string[], message: RealtimeMessage): Promise<number> {
    const queueing = this.deps.queueing;
    if (queueing === undefined || sockets.length <= queueing.inlineLimit) return this.toSockets(sockets, message);
    await queueing.queue.enqueue(chunksOf(sockets, MAX_CHUNK_SOCKETS).map((socketIds) => ({ message, socketIds })));
    return sockets.length;
  }

  /** To each of `sockets`, inline; how many received it. */
  async toSockets(sockets: readonly string[], message: RealtimeMessage): Promise<number> {
    return (await this.deliverAll(sockets, message)).delivered;
  }

  /** A chunk the queue's worker took: delivered as an inline fan-out is. */
  async deliverChunk(chunk: ChannelDeliveryChunk): Promise<ChunkReport> {
    return this.deliverAll(chunk.socketIds, chunk.message);
  }

  /** A socket left (or was found gone): off every channel and signed out, its departures announced to who is left and its user's going offline to their watchers. */
  async forget(socketId: string): Promise<number> {
    const [departures, signedOut] = await Promise.all([this.deps.registry.removeSocket(socketId), this.deps.registry.signOut(socketId)]);
    for (const departure of departures) {
      if (departure.memberLeft !== undefined) await this.announceDeparture(departure.channel, departure.memberLeft.userId);
      await this.announceSubscriptionCount(departure.channel);
    }
    await this.announceOnlineChange(signedOut);
    return departures.length;
  }

  /**
   * Tells the watchers of a user who came online or went offline (`pusher_internal:watchlist_events`),
   * all but `except`. Then one look again: a sign-in and a sign-out of the user in two functions at
   * once may announce in either order, so a status that has flipped since is told again, last.
   */
  async announceOnlineChange(change: OnlineChange, except?: string): Promise<void> {
    for (const [online, userId] of [[true, change.cameOnline], [false, change.wentOffline]] as const) {
      if (userId === undefined) continue;
      const watchers = (await this.deps.registry.watchersOf(userId)).filter((socketId) => socketId !== except);
      if (watchers.length === 0) continue;
      await this.toRecipients(watchers, onlineStatusMessage(userId, online));
      const onlineNow = (await this.deps.registry.onlineAmong([userId])).length > 0;
      if (onlineNow !== online) await this.toRecipients(watchers, onlineStatusMessage(userId, onlineNow));
    }
  }

  async announceDeparture(channel: string, userId: string): Promise<void> {
    await this.toChannel(channel, { event: REALTIME_EVENTS.memberRemoved, channel, data: { user_id: userId } });
  }

  /** Every delivery is tried, and the gone forgotten, before a failure is thrown: one bad post spoils none of the others. */
  private async deliverAll(sockets: readonly string[], message: RealtimeMessage): Promise<ChunkReport> {
    const settled = await mapWithConcurrency(sockets, DELIVERY_CONCURRENCY, (socketId) => this.settle(socketId, message));
    const gone = sockets.filter((_, index) => settled[index]?.outcome === 'gone');
    await mapWithConcurrency(gone, FORGET_CONCURRENCY, (socketId) => this.forget(socketId));
    const failures = settled.flatMap((result) => (result.outcome === 'failed' ? [result.error] : []));
    if (failures.length > 0) throw new DeliveriesFailed(failures.length, sockets.length, failures[0]);
    return { delivered: sockets.length - gone.length, gone: gone.length };
  }

  private async settle(socketId: string, message: RealtimeMessage): Promise<Settled> {
    try {
      return { outcome: await this.deps.delivery.deliver(socketId, message) };
    } catch (error) {
      return { outcome: 'failed', error };
    }
  }
}

function onlineStatusMessage(userId: string, online: boolean): RealtimeMessage {
  return watchlistEventsMessage([{ name: online ? 'online' : 'offline', userIds: [userId] }]);
}

/** `pusher_internal:subscription_count`, as pusher-js reads it. */
export function subscriptionCountMessage(channel: string, count: number): RealtimeMessage {
  return { event: REALTIME_EVENTS.subscriptionCount, channel, data: { subscription_count: count } };
}
