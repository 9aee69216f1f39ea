import type { ChannelFanOut } from './channel-fan-out.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';

/** A socket leaves one channel (`channel` given) or all of them (it disconnected); departed members, and (when on) the new subscription counts, are announced. */
export class LeaveChannels {
  private readonly deps: { readonly registry: SubscriptionRegistry; readonly fanOut: ChannelFanOut };

  constructor(registry: SubscriptionRegistry, fanOut: ChannelFanOut) {
    this.deps = { registry, fanOut };
  }

  async execute(input: { readonly socketId: string; readonly channel?: string }): Promise<{ readonly left: number }> {
    if (input.channel === undefined) return { left: await this.deps.fanOut.forget(input.socketId) };
    const { wasSubscribed, memberLeft } = await this.deps.registry.remove(input.socketId, input.channel);
    if (memberLeft !== undefined) await this.deps.fanOut.announceDeparture(input.channel, memberLeft.userId);
    if (wasSubscribed) await this.deps.fanOut.announceSubscriptionCount(input.channel);
    return { left: wasSubscribed ? 1 : 0 };
  }
}
