import { isCacheChannel, parseChannelName } from '../channels/channel-name.ts';
import { CACHE_CHANNEL_TTL_MS, eventDataBytes, PUBLISH_LIMITS } from '../channels/pusher-protocol.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { eventNameProblem } from './event-name.ts';
import type { ChannelFanOut } from './channel-fan-out.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';

export interface PublishInput {
  readonly name: unknown;
  readonly data: unknown;
  readonly channels: unknown;
  /** The publisher's own socket, which does not receive its event. */
  readonly excludeSocketId?: string | undefined;
}

export type PublishError = { readonly kind: 'InvalidEvent'; readonly message: string } | { readonly kind: 'PayloadTooLarge'; readonly message: string };

/**
 * Server-side publish (the HTTP API's events): to every subscriber of every named channel. A cache
 * channel keeps it, for CACHE_CHANNEL_TTL_MS, as the event its next subscribers start with; only
 * these publishes are kept, never client events (as on Pusher: a client cannot overwrite the state
 * the app's server published).
 */
export class PublishEvent {
  private readonly deps: { readonly fanOut: ChannelFanOut; readonly registry: SubscriptionRegistry };

  constructor(fanOut: ChannelFanOut, registry: SubscriptionRegistry) {
    this.deps = { fanOut, registry };
  }

  async execute(input: PublishInput): Promise<Result<{ readonly deliveries: number }, PublishError>> {
    const checked = validatePublish(input);
    if (!checked.ok) return checked;
    // Kept before the subscribers are listed: one who joins meanwhile is either listed or finds it cached.
    for (const channel of checked.value.channels) {
      if (isCacheChannel(channel)) await this.deps.registry.cacheEvent(channel, { event: checked.value.name, data: input.data }, CACHE_CHANNEL_TTL_MS);
    }
    const deliveries = await this.deps.fanOut.toChannels(checked.value.channels, (channel) => ({ event: checked.value.name, channel, data: input.data }), input.excludeSocketId);
    return ok({ deliveries });
  }
}

export function validatePublish(input: PublishInput): Result<{ readonly name: string; readonly channels: readonly string[] }, PublishError> {
  const nameProblem = eventNameProblem(input.name);
  if (nameProblem !== undefined) return err({ kind: 'InvalidEvent', message: nameProblem });
  if (!Array.isArray(input.channels) || input.channels.length === 0 || input.channels.length > PUBLISH_LIMITS.channelsPerEvent) {
    return err({ kind: 'InvalidEvent', message: `channels must list 1 to ${PUBLISH_LIMITS.channelsPerEvent} channels` });
  }
  for (const channel of input.channels) {
    const parsed = parseChannelName(channel);
    if (!parsed.ok) return err({ kind: 'InvalidEvent', message: `${JSON.stringify(channel)}: ${parsed.error.message}` });
  }
  const size = eventDataBytes(input.data);
  if (size > PUBLISH_LIMITS.dataBytes) return err({ kind: 'PayloadTooLarge', message: `data is ${size} bytes; the limit is ${PUBLISH_LIMITS.dataBytes}` });
  return ok({ name: input.name as string, channels: input.channels as string[] });
}
