import { describe, expect, it } from 'vitest';
import { sqsEvent } from '../../../test/support/lambda-events.ts';
import { recordingObservability } from '../../../test/support/recording-observability.ts';
import { encodeChannelDeliveryChunk } from '../../../domain/realtime/channel-delivery-chunk.ts';
import { ChannelFanOut } from '../../../domain/realtime/channel-fan-out.ts';
import type { RealtimeDelivery, RealtimeMessage } from '../../../domain/realtime/realtime-delivery.port.ts';
import { InMemoryRealtimeDelivery } from '../../driven/in-memory/in-memory-realtime-delivery.ts';
import { InMemorySubscriptionRegistry } from '../../driven/in-memory/in-memory-subscription-registry.ts';
import { LocalQueueChannelDeliveryQueue } from '../../driven/local-queue/local-queue-channel-delivery-queue.ts';
import { LocalQueue } from '../local/local-queue.ts';
import { makeQueueChannelFanOutHandler } from './queue-channel-fan-out.ts';

const MESSAGE: RealtimeMessage = { event: 'new-message', channel: 'news', data: { n: 1 } };
const chunkBody = (socketIds: string[]) => encodeChannelDeliveryChunk({ message: MESSAGE, socketIds });

/** Sockets in `sockets.gone` answer 410; a delivery to `failing` throws, as a Management API call that is refused. */
function worker(failing: ReadonlySet<string> = new Set()) {
  const registry = new InMemorySubscriptionRegistry();
  const sockets = new InMemoryRealtimeDelivery();
  const delivery: RealtimeDelivery = {
    deliver: async (socketId, message) => {
      if (failing.has(socketId)) throw Object.assign(new Error('Forbidden'), { name: 'ForbiddenException' });
      return sockets.deliver(socketId, message);
    },
  };
  const fanOut = new ChannelFanOut(registry, delivery);
  const { observability, lines, counts } = recordingObservability();
  const handler = makeQueueChannelFanOutHandler({ channelFanOut: fanOut, ...observability });
  return { registry, sockets, fanOut, handler, lines, counts };
}

describe('the channel fan-out worker', () => {
  it('fails only the record whose delivery threw, drops the malformed one, and counts what was delivered', async () => {
    const { handler, sockets, lines, counts } = worker(new Set(['3.1']));
    const response = await handler(sqsEvent([chunkBody(['1.1', '1.2']), '{"message":', chunkBody(['3.1', '3.2']), chunkBody(['4.1'])], 'ChannelFanOut'));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-2' }] });
    for (const socketId of ['1.1', '1.2', '3.2', '4.1']) expect(sockets.received(socketId), socketId).toEqual([MESSAGE]);
    expect(counts).toMatchObject({ delivered: 3, invalid: 1, failed: 1 });
    const errors = lines.filter((line) => line.level === 'error');
    expect(errors.map((line) => line.attributes['messageId'])).toEqual(['message-1', 'message-2']);
    expect(errors[0]).toMatchObject({ message: expect.stringMatching(/malformed; dropped/), attributes: { reason: expect.stringMatching(/a JSON object/) } });
    expect(errors[1]?.attributes['error']).toBe('DeliveriesFailed: 1 of 2 deliveries failed; the first: ForbiddenException: Forbidden');
  });

  it.each([
    ['a chunk with no sockets', JSON.stringify({ message: MESSAGE, socketIds: [] })],
    ['a chunk naming a connection id, not a socket id', JSON.stringify({ message: MESSAGE, socketIds: ['f97yeeMZDoECGqg='] })],
    ['a chunk without data', JSON.stringify({ message: { event: 'e' }, socketIds: ['1.1'] })],
  ])('drops %s, saying why', async (_, body) => {
    const { handler, counts, lines } = worker();
    expect(await handler(sqsEvent([body], 'ChannelFanOut'))).toEqual({ batchItemFailures: [] });
    expect(counts).toEqual({ invalid: 1 });
    expect(lines.find((line) => line.level === 'error')?.attributes).toMatchObject({ messageId: 'message-0', reason: expect.any(String) });
  });

  it('forgets the sockets a chunk finds gone, and counts them', async () => {
    const { handler, registry, sockets, counts } = worker();
    for (const socketId of ['1.1', '1.2', '1.3']) await registry.add(socketId, 'news');
    sockets.gone.add('1.2');
    expect(await handler(sqsEvent([chunkBody(['1.1', '1.2', '1.3'])], 'ChannelFanOut'))).toEqual({ batchItemFailures: [] });
    expect(counts).toMatchObject({ delivered: 2, gone: 1 });
    expect(await registry.subscribers('news')).toEqual(['1.1', '1.3']);
  });

  it('behind a queue: a publish to 450 subscribers reaches each once, and a malformed message is received once, never dead-lettered', async () => {
    const { registry, sockets, handler, lines } = worker();
    const queue = new LocalQueue({ name: 'ChannelFanOut', handler });
    try {
      const publisher = new ChannelFanOut(registry, sockets, { queue: new LocalQueueChannelDeliveryQueue(queue) });
      const ids = Array.from({ length: 450 }, (_, index) => `5.${index}`);
      for (const socketId of ids) await registry.add(socketId, 'news');
      queue.send('not json');
      expect(await publisher.toChannel('news', MESSAGE)).toBe(450);
      await queue.drained();
      for (const socketId of ids) expect(sockets.received(socketId), socketId).toEqual([MESSAGE]);
      expect(queue.deadLetters()).toEqual([]);
      expect(lines.filter((line) => line.level === 'error')).toHaveLength(1);
    } finally {
      await queue.stop();
    }
  });
});
