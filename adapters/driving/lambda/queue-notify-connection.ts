import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { DeliverToConnection } from '../../../domain/notifications/deliver-to-connection.use-case.ts';
import type { Observability } from './observability.ts';
import { errorSummary } from './queue-notify-user.ts';
import { processBatch } from './sqs-batch.ts';

/** The NotifyConnection worker: one post per record, a bounded number at once; failures go back to the queue. */
export function makeQueueNotifyConnectionHandler(deps: { deliverToConnection: DeliverToConnection; concurrency: number } & Observability) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const response = await processBatch(event, deps.concurrency, async (body, record) => {
      try {
        const result = await deps.deliverToConnection.execute(body);
        if (!result.ok) {
          deps.logger.error('NotifyConnection message is malformed', { messageId: record.messageId, reason: result.error.message });
          deps.metrics.count('invalid');
          return 'retry';
        }
        deps.metrics.count(result.value);
        return 'done';
      } catch (error) {
        deps.metrics.count('failed');
        deps.logger.error('delivery failed; it will be retried', { messageId: record.messageId, error: errorSummary(error) });
        return 'retry';
      }
    });
    deps.metrics.flush();
    return response;
  };
}
