import type { ConnectionNotification } from './notification.ts';

/** SQS takes at most ten messages a call. */
export const MAX_QUEUE_BATCH = 10;

/** Every queue adapter refuses a batch SQS would refuse, loudly rather than by dropping messages. */
export function assertQueueBatchSize(batch: readonly unknown[]): void {
  if (batch.length === 0 || batch.length > MAX_QUEUE_BATCH) {
    throw new RangeError(`a batch holds 1 to ${MAX_QUEUE_BATCH} messages, not ${batch.length}`);
  }
}

/** The `NotifyConnection` queue: per-connection deliveries done later, by another worker. */
export interface NotificationQueue {
  /** Enqueues 1 to MAX_QUEUE_BATCH messages; resolves only when every one is accepted, else throws. */
  enqueue(batch: readonly ConnectionNotification[]): Promise<void>;
}
