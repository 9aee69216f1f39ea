import type { RealtimeDelivery } from './realtime-delivery.port.ts';
import { REALTIME_EVENTS } from './realtime-events.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';

/** A socket leaves one channel (`channel` given) or all of them (it disconnected); departed members are announced. */
export class LeaveChannels {
  private readonly deps: { readonly registry: SubscriptionRegistry; readonly delivery: RealtimeDelivery };

  constructor(registry: SubscriptionRegistry, delivery: RealtimeDelivery) {
    this.deps = { registry, delivery };
  }

  async execute(input: { readonly socketId: string; readonly channel?: string }): Promise<{ readonly left: number }> {
    const departures = input.channel === undefined ? await this.deps.registry.removeSocket(input.socketId) : [{ channel: input.channel, ...(await this.deps.registry.remove(input.socketId, input.channel)) }];
    for (const departure of departures) {
      if (departure.memberLeft === undefined) continue;
      const announcement = { event: REALTIME_EVENTS.memberRemoved, channel: departure.channel, data: { user_id: departure.memberLeft.userId } };
      for (const socketId of await this.deps.registry.subscribers(departure.channel)) this.deps.delivery.deliver(socketId, announcement);
    }
    return { left: departures.length };
  }
}
