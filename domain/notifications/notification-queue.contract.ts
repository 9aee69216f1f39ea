import { describe, expect, it } from 'vitest';
import { MAX_NOTIFICATION_BYTES, type ConnectionNotification } from './notification.ts';
import { MAX_QUEUE_BATCH_BYTES, queuedBytesOf, type NotificationQueue } from './notification-queue.port.ts';

export interface QueueUnderTest {
  readonly queue: NotificationQueue;
  /** Everything that reached the queue so far, in any order. */
  received(): Promise<ConnectionNotification[]>;
}

/** What every NotificationQueue must do; each adapter's test file runs this against its own queue. */
export function describeNotificationQueueContract(adapterName: string, makeQueue: () => Promise<QueueUnderTest> | QueueUnderTest): void {
  describe(`NotificationQueue contract: ${adapterName}`, () => {
    it('delivers every message of a full batch, data intact', async () => {
      const { queue, received } = await makeQueue();
      const batch = Array.from({ length: 10 }, (_, index) => ({ connectionId: `conn-${index}`, data: { n: index, text: 'ü€ 😀' } }));
      await queue.enqueue(batch);
      const got = await received();
      expect(got.sort((a, b) => a.connectionId.localeCompare(b.connectionId))).toEqual(batch.sort((a, b) => a.connectionId.localeCompare(b.connectionId)));
    });

    it('keeps string data a string', async () => {
      const { queue, received } = await makeQueue();
      await queue.enqueue([{ connectionId: 'conn-s', data: 'hello' }]);
      expect(await received()).toEqual([{ connectionId: 'conn-s', data: 'hello' }]);
    });

    it('accepts a full batch heavier than one SQS call takes: ten 128 KB strings of quotes, escaped to twice that', async () => {
      const { queue, received } = await makeQueue();
      const quotes = '"'.repeat(MAX_NOTIFICATION_BYTES);
      const batch = Array.from({ length: 10 }, (_, index) => ({ connectionId: `heavy-${index}`, data: quotes }));
      expect(batch.reduce((total, message) => total + queuedBytesOf(message), 0)).toBeGreaterThan(MAX_QUEUE_BATCH_BYTES);
      await queue.enqueue(batch);
      const got = await received();
      expect(got.map((message) => message.connectionId).sort()).toEqual(batch.map((message) => message.connectionId).sort());
      for (const message of got) expect(message.data).toBe(quotes);
    });

    it('refuses an empty batch and one over ten, loudly', async () => {
      const { queue } = await makeQueue();
      await expect(queue.enqueue([])).rejects.toThrow();
      await expect(queue.enqueue(Array.from({ length: 11 }, (_, index) => ({ connectionId: `c${index}`, data: 1 })))).rejects.toThrow();
    });
  });
}
