import { describe, expect, it } from 'vitest';
import { MAX_QUEUE_BATCH, MAX_QUEUE_BATCH_BYTES } from '../notifications/notification-queue.port.ts';
import { utf8Length } from '../shared/validation.ts';
import { decodeChannelDeliveryChunk, encodeChannelDeliveryChunk, MAX_CHUNK_BYTES, MAX_CHUNK_SOCKETS, type ChannelDeliveryChunk } from './channel-delivery-chunk.ts';
import type { ChannelDeliveryQueue } from './channel-delivery-queue.port.ts';

export interface ChannelQueueUnderTest {
  readonly queue: ChannelDeliveryQueue;
  /** Every chunk that reached the queue so far, as the worker reads it (`readQueueBodies`), in any order. */
  received(): Promise<ChannelDeliveryChunk[]>;
}

/** What the worker makes of the bodies a queue holds: the one decoder, which must accept each. */
export function readQueueBodies(bodies: readonly string[]): ChannelDeliveryChunk[] {
  return bodies.map((body) => {
    const chunk = decodeChannelDeliveryChunk(body);
    if (!chunk.ok) throw new Error(`the worker would refuse a queued body: ${chunk.error.message}`);
    return chunk.value;
  });
}

function socketsFrom(first: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${first}.${index}`);
}

const byFirstSocket = (a: ChannelDeliveryChunk, b: ChannelDeliveryChunk) => (a.socketIds[0] ?? '').localeCompare(b.socketIds[0] ?? '');

/** What every ChannelDeliveryQueue must do; each adapter's test file runs this against its own queue. */
export function describeChannelDeliveryQueueContract(adapterName: string, makeQueue: () => Promise<ChannelQueueUnderTest> | ChannelQueueUnderTest): void {
  describe(`ChannelDeliveryQueue contract: ${adapterName}`, () => {
    it('takes a large channel in one call, more chunks than one SendMessageBatch holds, each message and socket intact', async () => {
      const { queue, received } = await makeQueue();
      const message = { event: 'pusher_internal:member_removed', channel: 'presence-big', data: { user_id: 'ann', text: 'ü€ 😀' }, userId: 'ann' };
      const chunks = Array.from({ length: 2 * MAX_QUEUE_BATCH + 5 }, (_, index) => ({ message, socketIds: socketsFrom(index + 1, MAX_CHUNK_SOCKETS) }));
      await queue.enqueue(chunks);
      expect((await received()).sort(byFirstSocket)).toEqual([...chunks].sort(byFirstSocket));
    });

    it('keeps string data a string, and delivers data JSON cannot hold as null (the same frame to a client)', async () => {
      const { queue, received } = await makeQueue();
      await queue.enqueue([
        { message: { event: 'text', channel: 'news', data: '{"as":"given"}' }, socketIds: ['1.1'] },
        { message: { event: 'nothing', data: undefined }, socketIds: ['2.1'] },
      ]);
      expect((await received()).sort(byFirstSocket)).toEqual([
        { message: { event: 'text', channel: 'news', data: '{"as":"given"}' }, socketIds: ['1.1'] },
        { message: { event: 'nothing', data: null }, socketIds: ['2.1'] },
      ]);
    });

    it('takes ten chunks heavier together than one SendMessageBatch call: 60 KB of quotes each, escaped to twice that', async () => {
      const { queue, received } = await makeQueue();
      const quotes = '"'.repeat(60 * 1024);
      const chunks = Array.from({ length: MAX_QUEUE_BATCH }, (_, index) => ({ message: { event: 'heavy', channel: 'news', data: quotes }, socketIds: socketsFrom(index + 1, MAX_CHUNK_SOCKETS) }));
      expect(chunks.reduce((total, chunk) => total + utf8Length(encodeChannelDeliveryChunk(chunk)), 0)).toBeGreaterThan(MAX_QUEUE_BATCH_BYTES);
      await queue.enqueue(chunks);
      const got = await received();
      expect(got.map((chunk) => chunk.socketIds[0]).sort()).toEqual(chunks.map((chunk) => chunk.socketIds[0]).sort());
      for (const chunk of got) expect(chunk.message.data).toBe(quotes);
    });

    it('does nothing for no chunks', async () => {
      const { queue, received } = await makeQueue();
      await queue.enqueue([]);
      expect(await received()).toEqual([]);
    });

    it.each([
      ['no socket', { message: { event: 'e', data: 1 }, socketIds: [] }],
      [`${MAX_CHUNK_SOCKETS + 1} sockets`, { message: { event: 'e', data: 1 }, socketIds: socketsFrom(9, MAX_CHUNK_SOCKETS + 1) }],
      [`over ${MAX_CHUNK_BYTES} bytes`, { message: { event: 'e', data: '"'.repeat(MAX_CHUNK_BYTES / 2) }, socketIds: ['9.1'] }],
    ])('refuses a chunk of %s loudly, and queues nothing of that call', async (_, bad) => {
      const { queue, received } = await makeQueue();
      await expect(queue.enqueue([{ message: { event: 'fine', data: 1 }, socketIds: ['1.1'] }, bad])).rejects.toThrow(RangeError);
      expect(await received()).toEqual([]);
    });
  });
}
