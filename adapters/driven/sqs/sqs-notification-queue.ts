import type { SQSClient } from '@aws-sdk/client-sqs';
import { encodeConnectionNotification, type ConnectionNotification } from '../../../domain/notifications/notification.ts';
import { assertQueueBatchSize, type NotificationQueue } from '../../../domain/notifications/notification-queue.port.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/retry.ts';
import { SqsMessageBatchSender } from './sqs-message-batch-sender.ts';

/**
 * The NotifyConnection queue on SQS: one SendMessageBatch per batch, refused entries retried until
 * none is left and a call SQS refuses as too long split in halves (SqsMessageBatchSender).
 */
export class SqsNotificationQueue implements NotificationQueue {
  private readonly sender: SqsMessageBatchSender;

  constructor(client: SQSClient, queueUrl: string, retry: RetryPolicy = DEFAULT_RETRY_POLICY) {
    this.sender = new SqsMessageBatchSender(client, queueUrl, retry);
  }

  async enqueue(batch: readonly ConnectionNotification[]): Promise<void> {
    assertQueueBatchSize(batch);
    await this.sender.send(batch.map(encodeConnectionNotification));
  }
}
