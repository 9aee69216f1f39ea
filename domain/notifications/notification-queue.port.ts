import type { ConnectionNotification } from './notification.ts';

/** SQS takes at most ten messages a call. */
export const MAX_QUEUE_BATCH = 10;

/** The `NotifyConnection` queue: per-connection deliveries done later, by another worker. */
export interface NotificationQueue {
  /** Enqueues 1 to MAX_QUEUE_BATCH messages; resolves only when every one is accepted, else throws. */
  enqueue(batch: readonly ConnectionNotification[]): Promise<void>;
}
