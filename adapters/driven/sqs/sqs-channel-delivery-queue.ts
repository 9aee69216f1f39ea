import type { SQSClient } from '@aws-sdk/client-sqs';
import { packQueueBatches } from '../../../domain/notifications/notification-queue.port.ts';
import { mapWithConcurrency } from '../../../domain/shared/map-with-concurrency.ts';
import { utf8Length } from '../../../domain/shared/validation.ts';
import type { ChannelDeliveryChunk } from '../../../domain/realtime/channel-delivery-chunk.ts';
import { channelQueueBodies, type ChannelDeliveryQueue } from '../../../domain/realtime/channel-delivery-queue.port.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/retry.ts';
import { SqsMessageBatchSender } from './sqs-message-batch-sender.ts';

/**
 * SendMessageBatch calls in flight at once. SQS calls are not API Gateway's (they do not spend the
 * account's 10,000 requests/s); four take a 100,000-subscriber channel (500 chunks, 50 calls) in
 * well under a second.
 */
const SEND_CONCURRENCY = 4;

/** The channel fan-out queue on SQS: chunks packed ten (and at most 1 MiB) a call. */
export class SqsChannelDeliveryQueue implements ChannelDeliveryQueue {
  private readonly sender: SqsMessageBatchSender;

  constructor(client: SQSClient, queueUrl: string, retry: RetryPolicy = DEFAULT_RETRY_POLICY) {
    this.sender = new SqsMessageBatchSender(client, queueUrl, retry);
  }

  async enqueue(chunks: readonly ChannelDeliveryChunk[]): Promise<void> {
    const batches = packQueueBatches(channelQueueBodies(chunks), utf8Length);
    await mapWithConcurrency(batches, SEND_CONCURRENCY, (bodies) => this.sender.send(bodies));
  }
}
