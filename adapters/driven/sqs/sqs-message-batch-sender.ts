import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { DEFAULT_RETRY_POLICY, errorNameOf, isTransientAwsError, withRetries, type RetryPolicy } from '../shared/retry.ts';

export class QueueDeliveryError extends Error {
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
 * One SendMessageBatch of ready bodies, as SqsNotificationQueue sends its own: failed entries retried
 * until none is left (a sender fault is not retried: it would fail again), and a call SQS refuses as
 * too long (its byte count, not ours, decides) split in halves and resent. What SQS never accepted is
 * thrown, never dropped.
 */
export class SqsMessageBatchSender {
  private readonly deps: { readonly client: SQSClient; readonly queueUrl: string; readonly retry: RetryPolicy };

  constructor(client: SQSClient, queueUrl: string, retry: RetryPolicy = DEFAULT_RETRY_POLICY) {
    this.deps = { client, queueUrl, retry };
  }

  /** 1 to 10 bodies, already packed under SQS's bytes per call; `delaySeconds` (0–900) holds each back. */
  async send(bodies: readonly string[], delaySeconds?: number): Promise<void> {
    let pending: SendMessageBatchRequestEntry[] = bodies.map((body, index) => ({ Id: String(index), MessageBody: body, ...(delaySeconds === undefined ? {} : { DelaySeconds: delaySeconds }) }));
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
        this.deps.retry,
      );
    } catch (error) {
      if (error instanceof PartialBatchFailure) throw new QueueDeliveryError(`SQS did not accept ${error.entries.length} of ${bodies.length} messages: ${error.message}`);
      throw error;
    }
  }

  /** Sends the entries and throws for those SQS failed, so only they are retried. */
  private async sendEntries(entries: SendMessageBatchRequestEntry[]): Promise<void> {
    let result;
    try {
      result = await this.deps.client.send(new SendMessageBatchCommand({ QueueUrl: this.deps.queueUrl, Entries: entries }));
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
