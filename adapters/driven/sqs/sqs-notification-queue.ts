import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { encodeConnectionNotification, type ConnectionNotification } from '../../../domain/notifications/notification.ts';
import { assertQueueBatchSize, type NotificationQueue } from '../../../domain/notifications/notification-queue.port.ts';
import { DEFAULT_RETRY_POLICY, errorNameOf, isTransientAwsError, withRetries, type RetryPolicy } from '../shared/retry.ts';

class QueueDeliveryError extends Error {
  override readonly name = 'QueueDeliveryError';
}

/** A batch entry SQS refused; `senderFault` ones would be refused again. */
class PartialBatchFailure extends Error {
  readonly entries: SendMessageBatchRequestEntry[];
  readonly transient: boolean;

  constructor(entries: SendMessageBatchRequestEntry[], transient: boolean, detail: string) {
    super(detail);
    this.entries = entries;
    this.transient = transient;
  }
}

/**
 * The NotifyConnection queue on SQS: SendMessageBatch, with failed entries retried until none is left,
 * and a call SQS refuses as too long (its byte count, not ours, decides) split in halves and resent.
 */
export class SqsNotificationQueue implements NotificationQueue {
  private readonly client: SQSClient;
  private readonly queueUrl: string;
  private readonly retry: RetryPolicy;

  constructor(client: SQSClient, queueUrl: string, retry: RetryPolicy = DEFAULT_RETRY_POLICY) {
    this.client = client;
    this.queueUrl = queueUrl;
    this.retry = retry;
  }

  async enqueue(batch: readonly ConnectionNotification[]): Promise<void> {
    assertQueueBatchSize(batch);
    let pending: SendMessageBatchRequestEntry[] = batch.map((message, index) => ({
      Id: String(index),
      MessageBody: encodeConnectionNotification(message),
    }));
    try {
      await withRetries(
        async () => {
          try {
            await this.sendEntries(pending);
          } catch (error) {
            // Next time round, only what SQS refused is sent again.
            if (error instanceof PartialBatchFailure) pending = error.entries;
            throw error;
          }
        },
        (error) => (error instanceof PartialBatchFailure ? error.transient : isTransientAwsError(error)),
        this.retry,
      );
    } catch (error) {
      if (error instanceof PartialBatchFailure) throw new QueueDeliveryError(`SQS did not accept ${error.entries.length} of ${batch.length} messages: ${error.message}`);
      throw error;
    }
  }

  /** Sends the entries and throws for those SQS failed, so only they are retried. */
  private async sendEntries(entries: SendMessageBatchRequestEntry[]): Promise<void> {
    let result;
    try {
      result = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
    } catch (error) {
      if (errorNameOf(error) === 'BatchRequestTooLong' && entries.length > 1) return this.sendInHalves(entries);
      throw error;
    }
    const failed = result.Failed ?? [];
    if (failed.length === 0) return;
    const failedIds = new Set(failed.map((entry) => entry.Id));
    const detail = failed.map((entry) => `${entry.Id}: ${entry.Code ?? 'error'}${entry.Message ? ` (${entry.Message})` : ''}`).join(', ');
    throw new PartialBatchFailure(entries.filter((entry) => failedIds.has(entry.Id)), failed.every((entry) => !entry.SenderFault), detail);
  }

  /** Both halves are sent whatever becomes of the other; what neither got accepted is what fails. */
  private async sendInHalves(entries: SendMessageBatchRequestEntry[]): Promise<void> {
    const middle = Math.ceil(entries.length / 2);
    const failures: PartialBatchFailure[] = [];
    for (const half of [entries.slice(0, middle), entries.slice(middle)]) {
      try {
        await this.sendEntries(half);
      } catch (error) {
        failures.push(error instanceof PartialBatchFailure ? error : new PartialBatchFailure(half, isTransientAwsError(error), error instanceof Error ? `${error.name}: ${error.message}` : String(error)));
      }
    }
    if (failures.length === 0) return;
    throw new PartialBatchFailure(
      failures.flatMap((failure) => failure.entries),
      failures.every((failure) => failure.transient),
      failures.map((failure) => failure.message).join(', '),
    );
  }
}
