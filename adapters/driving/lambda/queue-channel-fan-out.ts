import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { decodeChannelDeliveryChunk } from '../../../domain/realtime/channel-delivery-chunk.ts';
import type { ChannelFanOut, ChunkReport } from '../../../domain/realtime/channel-fan-out.ts';
import { ok } from '../../../domain/shared/result.ts';
import type { Observability } from './observability.ts';
import { processQueueBatch } from './sqs-batch.ts';

type ChunkOutcome = ({ readonly kind: 'delivered' } & ChunkReport) | { readonly kind: 'malformed'; readonly reason: string };

/**
 * The channel fan-out worker: one chunk per record, records one at a time (each chunk's deliveries
 * are concurrent themselves), so the `@connections` calls in flight are set by how many invocations
 * run at once. A delivery that throws fails only its record, which comes back. A malformed record is
 * logged and dropped: only pushgate writes this queue, so no retry could make one readable.
 */
export function makeQueueChannelFanOutHandler(deps: { channelFanOut: ChannelFanOut } & Observability) {
  return (event: SQSEvent): Promise<SQSBatchResponse> =>
    processQueueBatch(
      event,
      {
        queueName: 'ChannelFanOut',
        concurrency: 1,
        // Decoded here but judged in `execute`: processQueueBatch sends a malformed record back to the queue.
        decode: (body) => ok(decodeChannelDeliveryChunk(body)),
        execute: async (chunk): Promise<ChunkOutcome> =>
          chunk.ok ? { kind: 'delivered', ...(await deps.channelFanOut.deliverChunk(chunk.value)) } : { kind: 'malformed', reason: chunk.error.message },
        onDone: (outcome, record) => {
          if (outcome.kind === 'malformed') {
            deps.metrics.count('invalid');
            deps.logger.error('ChannelFanOut message is malformed; dropped, not retried', { messageId: record.messageId, reason: outcome.reason });
            return;
          }
          deps.metrics.count('delivered', outcome.delivered);
          deps.metrics.count('gone', outcome.gone);
        },
      },
      deps,
    );
}
