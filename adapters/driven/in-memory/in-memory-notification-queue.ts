import type { ConnectionNotification } from '../../../domain/notifications/notification.ts';
import { assertQueueBatchSize, type NotificationQueue } from '../../../domain/notifications/notification-queue.port.ts';

/** Holds enqueued messages until someone takes them, keeping the batches as they were sent. */
export class InMemoryNotificationQueue implements NotificationQueue {
  private pending: ConnectionNotification[] = [];
  readonly batches: ConnectionNotification[][] = [];

  async enqueue(batch: readonly ConnectionNotification[]): Promise<void> {
    assertQueueBatchSize(batch);
    const copy = batch.map((message) => ({ ...message }));
    this.batches.push(copy);
    this.pending.push(...copy);
  }

  /** Removes and returns everything enqueued so far. */
  take(): ConnectionNotification[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }
}
