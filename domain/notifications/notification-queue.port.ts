import { encodeConnectionNotification, type ConnectionNotification } from './notification.ts';
import { utf8Length } from '../shared/validation.ts';

/** SQS takes at most ten messages a call... */
export const MAX_QUEUE_BATCH = 10;
/**
 * ...and at most 1 MiB in a call, the sum of its message bodies (SendMessageBatch, since SQS's 2025
 * raise from 256 KiB). A queue's own maximum message size must be at least the largest envelope.
 */
export const MAX_QUEUE_BATCH_BYTES = 1_048_576;

/** Every queue adapter refuses a batch SQS would refuse by count, loudly rather than by dropping messages. */
export function assertQueueBatchSize(batch: readonly unknown[]): void {
  if (batch.length === 0 || batch.length > MAX_QUEUE_BATCH) {
    throw new RangeError(`a batch holds 1 to ${MAX_QUEUE_BATCH} messages, not ${batch.length}`);
  }
}

/** What one message weighs in a SendMessageBatch call: its encoded body, escapes and all. */
export function queuedBytesOf(message: ConnectionNotification): number {
  return utf8Length(encodeConnectionNotification(message));
}

/**
 * Groups messages, in order, into batches SQS accepts in one call: at most ten, and at most
 * MAX_QUEUE_BATCH_BYTES of encoded bodies (a message heavier than that alone travels alone).
 * NotifyConnection messages are weighed by their envelope; any other queue's by its own `bytesOf`.
 */
export function packQueueBatches(messages: readonly ConnectionNotification[]): ConnectionNotification[][];
export function packQueueBatches<T>(messages: readonly T[], bytesOf: (message: T) => number): T[][];
export function packQueueBatches<T>(messages: readonly T[], bytesOf: (message: T) => number = queuedBytesOf as unknown as (message: T) => number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let currentBytes = 0;
  for (const message of messages) {
    const bytes = bytesOf(message);
    if (current.length > 0 && (current.length === MAX_QUEUE_BATCH || currentBytes + bytes > MAX_QUEUE_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(message);
    currentBytes += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The `NotifyConnection` queue: per-connection deliveries done later, by another worker. */
export interface NotificationQueue {
  /**
   * Enqueues 1 to MAX_QUEUE_BATCH messages; resolves only when every one is accepted, else throws.
   * A batch heavier than one call takes is split by the adapter, not refused.
   */
  enqueue(batch: readonly ConnectionNotification[]): Promise<void>;
}
