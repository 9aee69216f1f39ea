import { decodeChannelDeliveryChunk, type ChannelDeliveryChunk } from '../../../domain/realtime/channel-delivery-chunk.ts';
import { channelQueueBodies, type ChannelDeliveryQueue } from '../../../domain/realtime/channel-delivery-queue.port.ts';

/**
 * Holds enqueued chunks until someone takes them. Each goes through the codec both ways, as through
 * a real queue, so a test sees what the worker would be given.
 */
export class InMemoryChannelDeliveryQueue implements ChannelDeliveryQueue {
  private pending: ChannelDeliveryChunk[] = [];
  /** Every enqueue call's chunks, as they were sent. */
  readonly calls: ChannelDeliveryChunk[][] = [];

  async enqueue(chunks: readonly ChannelDeliveryChunk[]): Promise<void> {
    const received = channelQueueBodies(chunks).map((body) => {
      const chunk = decodeChannelDeliveryChunk(body);
      if (!chunk.ok) throw new Error(`the worker would refuse this chunk: ${chunk.error.message}`);
      return chunk.value;
    });
    this.calls.push(received);
    this.pending.push(...received);
  }

  /** Removes and returns every chunk enqueued so far. */
  take(): ChannelDeliveryChunk[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }
}
