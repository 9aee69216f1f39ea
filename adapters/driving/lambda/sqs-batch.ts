import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { mapWithConcurrency } from '../../../domain/shared/map-with-concurrency.ts';
import type { Result } from '../../../domain/shared/result.ts';
import type { Observability } from './observability.ts';

/** What became of one record: `retry` puts it back on the queue (and, after enough tries, in the DLQ). */
export type RecordOutcome = 'done' | 'retry';

export interface QueueWorker<T> {
  readonly queueName: string;
  readonly concurrency: number;
  readonly execute: (message: unknown) => Promise<Result<T, { readonly message: string }>>;
  /** Counts and logs a handled record. */
  readonly onDone: (value: T, record: SQSRecord) => void;
}

/**
 * Processes records independently and reports only the failed ones, so one bad record never
 * replays the batch (the event source mapping has ReportBatchItemFailures on). A malformed message
 * is reported too, not dropped: after the queue's maxReceiveCount it rests in the dead-letter queue.
 */
export async function processQueueBatch<T>(event: SQSEvent, worker: QueueWorker<T>, { logger, metrics }: Observability): Promise<SQSBatchResponse> {
  const outcomes = await mapWithConcurrency(event.Records, worker.concurrency, async (record): Promise<RecordOutcome> => {
    try {
      const result = await worker.execute(parseBody(record.body));
      if (result.ok) {
        worker.onDone(result.value, record);
        return 'done';
      }
      metrics.count('invalid');
      logger.error(`${worker.queueName} message is malformed`, { messageId: record.messageId, reason: result.error.message });
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

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
