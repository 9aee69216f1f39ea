import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { FanOutToUser } from '../../../domain/notifications/fan-out-to-user.use-case.ts';
import type { Observability } from './observability.ts';
import { processQueueBatch } from './sqs-batch.ts';

/** The NotifyUser worker: one fan-out per record, records one at a time (each fan-out is concurrent itself). */
export function makeQueueNotifyUserHandler(deps: { fanOutToUser: FanOutToUser } & Observability) {
  return (event: SQSEvent): Promise<SQSBatchResponse> =>
    processQueueBatch(
      event,
      {
        queueName: 'NotifyUser',
        concurrency: 1,
        execute: (message) => deps.fanOutToUser.execute(message),
        onDone: (report, record) => {
          deps.metrics.count('delivered', report.delivered);
          deps.metrics.count('gone', report.gone);
          deps.metrics.count('queued', report.queued);
          deps.logger.info('notified user', { messageId: record.messageId, ...report });
        },
      },
      deps,
    );
}
