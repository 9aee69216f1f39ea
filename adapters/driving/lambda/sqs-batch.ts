import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { mapWithConcurrency } from '../../../domain/shared/map-with-concurrency.ts';
import type { Result } from '../../../domain/shared/result.ts';
import type { Observability } from './observability.ts';

/** What became of one record: `retry` puts it back on the queue (and, after enough tries, in the DLQ). */
export type RecordOutcome = 'done' | 'retry';

export interface QueueWorker<M, T> {
  readonly queueName: string;
  readonly concurrency: number;
  /** The queue's codec: the body is read once, here at the edge; the use case gets a typed message. */
  readonly decode: (body: string) => Result<M, { readonly message: string }>;
  readonly execute: (message: M) => Promise<T>;
  /** Counts and logs a handled record. */
  readonly onDone: (value: T, record: SQSRecord) => void;
}

/**
 * Processes records independently and reports only the failed ones, so one bad record never
 * replays the batch (the event source mapping has ReportBatchItemFailures on). A malformed message
 * is reported too, not dropped: after the queue's maxReceiveCount it rests in the dead-letter queue.
 */
export async function processQueueBatch<M, T>(event: SQSEvent, worker: QueueWorker<M, T>, { logger, metrics }: Observability): Promise<SQSBatchResponse> {
  const outcomes = await mapWithConcurrency(event.Records, worker.concurrency, async (record): Promise<RecordOutcome> => {
    const message = worker.decode(record.body);
    if (!message.ok) {
      metrics.count('invalid');
      logger.error(`${worker.queueName} message is malformed`, { messageId: record.messageId, reason: message.error.message });
      return 'retry';
    }
    try {
      worker.onDone(await worker.execute(message.value), record);
      return 'done';
    } catch (error) {
      metrics.count('failed');
      logger.error(`${worker.queueName} failed; it will be retried`, { messageId: record.messageId, error: errorSummary(error) });
    }
    return 'retry';
  });
  metrics.flush();
  const batchItemFailures: SQSBatchItemFailure[] = event.Records.filter((_, index) => outcomes[index] === 'retry').map((record) => ({ itemIdentifier: record.messageId }));
  return { batchItemFailures };
}

function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
