import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { DeliverToConnection } from '../../../domain/notifications/deliver-to-connection.use-case.ts';
import { decodeConnectionNotification } from '../../../domain/notifications/notification.ts';
import type { Observability } from './observability.ts';
import { processQueueBatch } from './sqs-batch.ts';

/** The NotifyConnection worker: one post per record, a bounded number at once; failures go back to the queue. */
export function makeQueueNotifyConnectionHandler(deps: { deliverToConnection: DeliverToConnection; concurrency: number } & Observability) {
  return (event: SQSEvent): Promise<SQSBatchResponse> =>
    processQueueBatch(
      event,
      {
        queueName: 'NotifyConnection',
        concurrency: deps.concurrency,
        decode: decodeConnectionNotification,
        execute: (notification) => deps.deliverToConnection.execute(notification),
        onDone: (outcome) => deps.metrics.count(outcome),
      },
      deps,
    );
}
