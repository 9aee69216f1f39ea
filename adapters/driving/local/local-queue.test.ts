import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LocalQueue } from './local-queue.ts';

describe('LocalQueue', () => {
  it('delivers every message in batches of at most the batch size', async () => {
    const batches: string[][] = [];
    const queue = new LocalQueue({ name: 'q', batchSize: 10, handler: async (event: SQSEvent) => void batches.push(event.Records.map((record) => record.body)) });
    for (let index = 0; index < 25; index += 1) queue.send(String(index));
    await queue.drained();
    expect(batches.every((batch) => batch.length <= 10)).toBe(true);
    expect(batches.flat().sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 25 }, (_, index) => String(index)));
    await queue.stop();
  });

  it('redelivers only the reported failures, after the visibility timeout, counting receives', async () => {
    const seen: { body: string; receiveCount: string }[] = [];
    const queue = new LocalQueue({
      name: 'q',
      visibilityTimeoutMs: 30,
      handler: async (event) => {
        for (const record of event.Records) seen.push({ body: record.body, receiveCount: record.attributes.ApproximateReceiveCount });
        const failing = event.Records.filter((record) => record.body === 'flaky' && record.attributes.ApproximateReceiveCount === '1');
        return { batchItemFailures: failing.map((record) => ({ itemIdentifier: record.messageId })) };
      },
    });
    queue.send('ok');
    queue.send('flaky');
    await queue.drained();
    expect(seen).toEqual([
      { body: 'ok', receiveCount: '1' },
      { body: 'flaky', receiveCount: '1' },
      { body: 'flaky', receiveCount: '2' },
    ]);
    await queue.stop();
  });

  it('moves a message that keeps failing to the dead-letter queue after maxReceiveCount receives', async () => {
    let calls = 0;
    const queue = new LocalQueue({
      name: 'q',
      visibilityTimeoutMs: 5,
      maxReceiveCount: 3,
      handler: async () => {
        calls += 1;
        throw new Error('always');
      },
    });
    queue.send('poison');
    await queue.drained();
    expect(calls).toBe(3);
    expect(queue.deadLetters().map((message) => [message.body, message.receiveCount])).toEqual([['poison', 3]]);
    await queue.stop();
  });

  it('never runs more invocations at once than its concurrency', async () => {
    let running = 0;
    let peak = 0;
    const queue = new LocalQueue({
      name: 'q',
      batchSize: 1,
      concurrency: 3,
      handler: async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
      },
    });
    for (let index = 0; index < 12; index += 1) queue.send('x');
    await queue.drained();
    expect(peak).toBe(3);
    await queue.stop();
  });
});

describe('LocalQueue before its consumer exists', () => {
  it('keeps what was sent until a consumer is attached, as SQS does before an event source mapping, and takes one consumer only', async () => {
    const queue = new LocalQueue({ name: 'q' });
    queue.send('early');
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.peekBodies()).toEqual(['early']);
    const received: string[] = [];
    queue.consume(async (event) => void received.push(...event.Records.map((record) => record.body)));
    await queue.drained(1_000);
    expect(received).toEqual(['early']);
    expect(() => queue.consume(async () => undefined)).toThrow(/already has a consumer/);
    await queue.stop();
  });

  it('rejects drained() when messages are still waiting at the deadline', async () => {
    const queue = new LocalQueue({ name: 'q' });
    queue.send('never consumed');
    await expect(queue.drained(20)).rejects.toThrow(/still holds 1 messages/);
    await queue.stop();
  });
});
