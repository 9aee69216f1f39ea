import { encodeConnectionNotification, type ConnectionNotification } from '../../../domain/notifications/notification.ts';
import { assertQueueBatchSize, type NotificationQueue } from '../../../domain/notifications/notification-queue.port.ts';

/** What this adapter needs of a queue: SQS's SendMessage, one body at a time. */
export interface QueueSender {
  send(body: string): string;
}

/**
 * The NotifyConnection queue in local mode: each message goes to the local SQS emulation as the
 * body the SQS adapter sends (the one codec), so the same worker handler reads it.
 */
export class LocalQueueNotificationQueue implements NotificationQueue {
  private readonly queue: QueueSender;

  constructor(queue: QueueSender) {
    this.queue = queue;
  }

  async enqueue(batch: readonly ConnectionNotification[]): Promise<void> {
    assertQueueBatchSize(batch);
    for (const message of batch) this.queue.send(encodeConnectionNotification(message));
  }
}
