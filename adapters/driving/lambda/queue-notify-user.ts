import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { FanOutToUser } from '../../../domain/notifications/fan-out-to-user.use-case.ts';
import type { Observability } from './observability.ts';
import { processBatch } from './sqs-batch.ts';

/**
 * The NotifyUser worker. A malformed message is reported failed rather than dropped: after the
 * queue's maxReceiveCount it rests in the dead-letter queue, where an operator can see it.
 */
export function makeQueueNotifyUserHandler(deps: { fanOutToUser: FanOutToUser } & Observability) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const response = await processBatch(event, 1, async (body, record) => {
      try {
        const result = await deps.fanOutToUser.execute(body);
        if (!result.ok) {
          deps.logger.error('NotifyUser message is malformed', { messageId: record.messageId, reason: result.error.message });
          deps.metrics.count('invalid');
          return 'retry';
        }
        const report = result.value;
        deps.metrics.count('delivered', report.delivered);
        deps.metrics.count('gone', report.gone);
        deps.metrics.count('queued', report.queued);
        deps.logger.info('notified user', { messageId: record.messageId, ...report });
        return 'done';
      } catch (error) {
        deps.metrics.count('failed');
        deps.logger.error('NotifyUser failed; it will be retried', { messageId: record.messageId, error: errorSummary(error) });
        return 'retry';
      }
    });
    deps.metrics.flush();
    return response;
  };
}

export function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
