import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { mapWithConcurrency } from '../../../domain/shared/map-with-concurrency.ts';

/** What became of one record: `retry` puts it back on the queue (and, after enough tries, in the DLQ). */
export type RecordOutcome = 'done' | 'retry';

/**
 * Processes records independently and reports only the failed ones, so one bad record never
 * replays the batch (the event source mapping has ReportBatchItemFailures on).
 */
export async function processBatch(event: SQSEvent, concurrency: number, handle: (body: unknown, record: SQSRecord) => Promise<RecordOutcome>): Promise<SQSBatchResponse> {
  const outcomes = await mapWithConcurrency(event.Records, concurrency, async (record) => {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    try {
      return await handle(body, record);
    } catch {
      return 'retry' as const;
    }
  });
  const batchItemFailures: SQSBatchItemFailure[] = event.Records.filter((_, index) => outcomes[index] === 'retry').map((record) => ({ itemIdentifier: record.messageId }));
  return { batchItemFailures };
}
