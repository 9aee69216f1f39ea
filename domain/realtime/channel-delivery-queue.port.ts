import { utf8Length } from '../shared/validation.ts';
import { encodeChannelDeliveryChunk, MAX_CHUNK_BYTES, MAX_CHUNK_SOCKETS, type ChannelDeliveryChunk } from './channel-delivery-chunk.ts';

/**
 * The channel fan-out queue: a large channel's deliveries, in chunks, done later by a worker
 * (`ChannelFanOut.deliverChunk`), so one publish never delivers to thousands inline.
 */
export interface ChannelDeliveryQueue {
  /**
   * Enqueues every chunk (none: nothing to do); resolves only when each one is accepted, else throws.
   * Batching them into as few calls as the queue takes is the adapter's job.
   */
  enqueue(chunks: readonly ChannelDeliveryChunk[]): Promise<void>;
}

/**
 * The bodies every adapter puts on its queue, one per chunk, encoded by the one codec. A chunk no
 * worker would take (no socket, too many, too heavy) is refused before any of the call is sent.
 */
export function channelQueueBodies(chunks: readonly ChannelDeliveryChunk[]): string[] {
  return chunks.map((chunk, index) => {
    if (chunk.socketIds.length === 0 || chunk.socketIds.length > MAX_CHUNK_SOCKETS) {
      throw new RangeError(`chunk ${index} holds ${chunk.socketIds.length} sockets; a chunk holds 1 to ${MAX_CHUNK_SOCKETS}`);
    }
    const body = encodeChannelDeliveryChunk(chunk);
    const bytes = utf8Length(body);
    if (bytes > MAX_CHUNK_BYTES) throw new RangeError(`chunk ${index} encodes to ${bytes} bytes; a chunk is at most ${MAX_CHUNK_BYTES}`);
    return body;
  });
}
