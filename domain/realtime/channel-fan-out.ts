import { mapWithConcurrency } from '../shared/map-with-concurrency.ts';
import type { RealtimeDelivery, RealtimeMessage } from './realtime-delivery.port.ts';
import { REALTIME_EVENTS } from './realtime-events.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';

/**
 * Deliveries in flight at once from one function. Every delivery is an `@connections` call, and
 * those share the account's 10,000 requests/s with every other API Gateway call.
 */
export const DELIVERY_CONCURRENCY = 16;

/**
 * Delivers to a channel's subscribers, and forgets every socket found gone on the way (a
 * `$disconnect` is best-effort): its subscriptions are removed and its presence departures announced.
 */
export class ChannelFanOut {
  private readonly deps: { readonly registry: SubscriptionRegistry; readonly delivery: RealtimeDelivery };

  constructor(registry: SubscriptionRegistry, delivery: RealtimeDelivery) {
    this.deps = { registry, delivery };
  }

  /** To every subscriber of `channel` but `except`; how many received it. */
  async toChannel(channel: string, message: RealtimeMessage, except?: string): Promise<number> {
    const sockets = (await this.deps.registry.subscribers(channel)).filter((socketId) => socketId !== except);
    return this.toSockets(sockets, message);
  }

  /** To each of `sockets`; how many received it. */
  async toSockets(sockets: readonly string[], message: RealtimeMessage): Promise<number> {
    const outcomes = await mapWithConcurrency(sockets, DELIVERY_CONCURRENCY, (socketId) => this.deps.delivery.deliver(socketId, message));
    const gone = sockets.filter((_, index) => outcomes[index] === 'gone');
    for (const socketId of gone) await this.forget(socketId);
    return outcomes.length - gone.length;
  }

  /** A socket left (or was found gone): off every channel, and its departures announced to who is left. */
  async forget(socketId: string): Promise<number> {
    const departures = await this.deps.registry.removeSocket(socketId);
    for (const departure of departures) {
      if (departure.memberLeft !== undefined) await this.announceDeparture(departure.channel, departure.memberLeft.userId);
    }
    return departures.length;
  }

  async announceDeparture(channel: string, userId: string): Promise<void> {
    await this.toChannel(channel, { event: REALTIME_EVENTS.memberRemoved, channel, data: { user_id: userId } });
  }
}
