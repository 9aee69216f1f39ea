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
            // An outage is the operator's to look at; a message Pusher would refuse is the sender's.
            const line = { messageId: record.messageId, problem: bridgeProblem.kind, reason: bridgeProblem.message };
            const message = 'Pusher bridge did not publish; WebSocket deliveries stand and the bridge is not retried';
            if (bridgeProblem.kind === 'PusherFailed') deps.logger.error(message, line);
            else deps.logger.warn(message, line);
          }
          deps.logger.info('notified user', { messageId: record.messageId, ...counts });
        },
      },
      deps,
    );
}
