import type { ConnectionNotification } from '../../../domain/notifications/notification.ts';
import { MAX_QUEUE_BATCH, type NotificationQueue } from '../../../domain/notifications/notification-queue.port.ts';

/** Holds enqueued messages until someone takes them, keeping the batches as they were sent. */
export class InMemoryNotificationQueue implements NotificationQueue {
  private pending: ConnectionNotification[] = [];
  readonly batches: ConnectionNotification[][] = [];

  async enqueue(batch: readonly ConnectionNotification[]): Promise<void> {
    if (batch.length === 0 || batch.length > MAX_QUEUE_BATCH) {
      throw new RangeError(`a batch holds 1 to ${MAX_QUEUE_BATCH} messages, not ${batch.length}`);
    }
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
