import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { FanOutToUser } from '../../../domain/notifications/fan-out-to-user.use-case.ts';
import { decodeUserNotification } from '../../../domain/notifications/notification.ts';
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
        decode: decodeUserNotification,
        execute: (notification) => deps.fanOutToUser.execute(notification),
        onDone: (report, record) => {
          deps.metrics.count('delivered', report.delivered);
          deps.metrics.count('gone', report.gone);
          deps.metrics.count('queued', report.queued);
          const { bridgeProblem, ...counts } = report;
          if (bridgeProblem !== undefined) {
            // The record still succeeds: retrying it would post to every connection again.
            deps.metrics.count('bridge_failed');
            deps.logger.error('Pusher bridge did not publish; WebSocket deliveries stand and the bridge is not retried', {
              messageId: record.messageId,
              problem: bridgeProblem.kind,
              reason: bridgeProblem.message,
            });
          }
          deps.logger.info('notified user', { messageId: record.messageId, ...counts });
        },
      },
      deps,
    );
}
