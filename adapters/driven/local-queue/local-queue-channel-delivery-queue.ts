import type { ChannelDeliveryChunk } from '../../../domain/realtime/channel-delivery-chunk.ts';
import { channelQueueBodies, type ChannelDeliveryQueue } from '../../../domain/realtime/channel-delivery-queue.port.ts';
import type { QueueSender } from './local-queue-notification-queue.ts';

/**
 * The channel fan-out queue in local mode: each chunk goes to the local SQS emulation as the body
 * the SQS adapter sends (the one codec), so the same worker handler reads it.
 */
export class LocalQueueChannelDeliveryQueue implements ChannelDeliveryQueue {
  private readonly deps: { readonly queue: QueueSender };

  constructor(queue: QueueSender) {
    this.deps = { queue };
  }

  async enqueue(chunks: readonly ChannelDeliveryChunk[]): Promise<void> {
    for (const body of channelQueueBodies(chunks)) this.deps.queue.send(body);
  }
}
