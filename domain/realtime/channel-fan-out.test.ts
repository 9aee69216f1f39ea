import { describe, expect, it } from 'vitest';
import { InMemoryChannelDeliveryQueue } from '../../adapters/driven/in-memory/in-memory-channel-delivery-queue.ts';
import { InMemoryRealtimeDelivery } from '../../adapters/driven/in-memory/in-memory-realtime-delivery.ts';
import { InMemorySubscriptionRegistry } from '../../adapters/driven/in-memory/in-memory-subscription-registry.ts';
import { MAX_CHUNK_SOCKETS } from './channel-delivery-chunk.ts';
import { CHANNEL_INLINE_LIMIT, ChannelFanOut, DeliveriesFailed, type ChannelQueueing } from './channel-fan-out.ts';
import { PublishEvent } from './publish-event.use-case.ts';
import type { RealtimeDelivery, RealtimeMessage } from './realtime-delivery.port.ts';

const MESSAGE: RealtimeMessage = { event: 'new-message', channel: 'news', data: '{"n":1}' };

function setup(options: { queued?: boolean; inlineLimit?: number; delivery?: RealtimeDelivery } = {}) {
  const registry = new InMemorySubscriptionRegistry();
  const sockets = new InMemoryRealtimeDelivery();
  const queue = new InMemoryChannelDeliveryQueue();
  const queueing: ChannelQueueing | undefined = options.queued === false ? undefined : { queue, ...(options.inlineLimit === undefined ? {} : { inlineLimit: options.inlineLimit }) };
  const fanOut = new ChannelFanOut(registry, options.delivery ?? sockets, queueing);
  const subscribe = async (channel: string, count: number): Promise<string[]> => {
    const ids = Array.from({ length: count }, (_, index) => `1.${index}`);
    for (const socketId of ids) await registry.add(socketId, channel);
    return ids;
  };
  const deliveredTo = (ids: readonly string[]) => ids.filter((socketId) => sockets.received(socketId).length > 0);
  return { registry, sockets, queue, fanOut, subscribe, deliveredTo };
}

describe('ChannelFanOut with a queue', () => {
  it(`delivers inline to ${CHANNEL_INLINE_LIMIT} recipients, and queues nothing`, async () => {
    const { fanOut, queue, subscribe, deliveredTo } = setup();
    const ids = await subscribe('news', CHANNEL_INLINE_LIMIT);
    expect(await fanOut.toChannel('news', MESSAGE)).toBe(CHANNEL_INLINE_LIMIT);
    expect(deliveredTo(ids)).toEqual(ids);
    expect(queue.calls).toEqual([]);
  });

  it(`queues a channel of more, in chunks of ${MAX_CHUNK_SOCKETS} handed over in one call, and delivers none of it inline`, async () => {
    const { fanOut, queue, subscribe, deliveredTo } = setup();
    const ids = await subscribe('news', 450);
    expect(await fanOut.toChannel('news', MESSAGE), 'the recipients handed to the queue').toBe(450);
    expect(deliveredTo(ids)).toEqual([]);
    expect(queue.calls).toHaveLength(1);
    const chunks = queue.take();
    expect(chunks.map((chunk) => chunk.socketIds.length)).toEqual([200, 200, 50]);
    expect(chunks.flatMap((chunk) => chunk.socketIds)).toEqual(ids);
    for (const chunk of chunks) expect(chunk.message).toEqual(MESSAGE);
  });

  it('counts the inline limit over the whole publish: 3 channels of 40 go to the queue, 2 of 40 stay inline', async () => {
    const { fanOut, queue, registry, deliveredTo } = setup();
    const all: string[] = [];
    for (const [channel, offset] of [['a', 0], ['b', 100], ['c', 200]] as const) {
      for (let index = 0; index < 40; index += 1) {
        const socketId = `${offset + index}.1`;
        await registry.add(socketId, channel);
        all.push(socketId);
      }
    }
    const messageFor = (channel: string) => ({ ...MESSAGE, channel });
    expect(await fanOut.toChannels(['a', 'b'], messageFor)).toBe(80);
    expect(queue.calls).toEqual([]);
    expect(await fanOut.toChannels(['a', 'b', 'c'], messageFor)).toBe(120);
    expect(queue.take().map((chunk) => [chunk.message.channel, chunk.socketIds.length])).toEqual([['a', 40], ['b', 40], ['c', 40]]);
    expect(deliveredTo(all)).toHaveLength(80);
  });

  it('makes the last chunk full when the recipients divide evenly', async () => {
    const { fanOut, queue, subscribe } = setup();
    await subscribe('news', 2 * MAX_CHUNK_SOCKETS);
    await fanOut.toChannel('news', MESSAGE);
    expect(queue.take().map((chunk) => chunk.socketIds.length)).toEqual([MAX_CHUNK_SOCKETS, MAX_CHUNK_SOCKETS]);
  });

  it('leaves the sender out before counting: one over the limit with the sender is delivered inline, without it', async () => {
    const { fanOut, queue, subscribe, deliveredTo } = setup();
    const ids = await subscribe('news', CHANNEL_INLINE_LIMIT + 1);
    const sender = ids[7]!;
    expect(await fanOut.toChannel('news', MESSAGE, sender)).toBe(CHANNEL_INLINE_LIMIT);
    expect(queue.calls).toEqual([]);
    expect(deliveredTo(ids)).toEqual(ids.filter((socketId) => socketId !== sender));
  });

  it('leaves the sender out of every chunk', async () => {
    const { fanOut, queue, subscribe } = setup();
    const ids = await subscribe('news', 301);
    expect(await fanOut.toChannel('news', MESSAGE, ids[250])).toBe(300);
    const queued = queue.take().flatMap((chunk) => chunk.socketIds);
    expect(queued).toHaveLength(300);
    expect(queued).not.toContain(ids[250]);
  });

  it('takes an inline limit of its own', async () => {
    const { fanOut, queue, subscribe, deliveredTo } = setup({ inlineLimit: 2 });
    const ids = await subscribe('news', 3);
    expect(await fanOut.toChannel('news', MESSAGE)).toBe(3);
    expect(deliveredTo(ids)).toEqual([]);
    expect(queue.take()).toEqual([{ message: MESSAGE, socketIds: ids }]);
  });

  it('stays inline without a queue, however large the channel', async () => {
    const { fanOut, subscribe, deliveredTo } = setup({ queued: false });
    const ids = await subscribe('news', 450);
    expect(await fanOut.toChannel('news', MESSAGE)).toBe(450);
    expect(deliveredTo(ids)).toEqual(ids);
  });

  it('reaches every subscriber but the publisher exactly once when a publish is queued and the chunks are delivered', async () => {
    const { fanOut, queue, subscribe, sockets, registry } = setup();
    const ids = await subscribe('news', 420);
    expect(await new PublishEvent(fanOut, registry).execute({ name: 'e', data: 'x', channels: ['news'], excludeSocketId: ids[0] })).toEqual({ ok: true, value: { deliveries: 419 } });
    for (const chunk of queue.take()) await fanOut.deliverChunk(chunk);
    expect(sockets.received(ids[0]!)).toEqual([]);
    for (const socketId of ids.slice(1)) expect(sockets.received(socketId), socketId).toEqual([{ event: 'e', channel: 'news', data: 'x' }]);
  });
});

describe('ChannelFanOut.deliverChunk (the worker)', () => {
  it('delivers to every socket of the chunk, forgets the gone ones, and announces their departures to who is left', async () => {
    const { fanOut, registry, sockets } = setup();
    await registry.add('2.1', 'news');
    await registry.add('2.2', 'news');
    await registry.add('2.3', 'news');
    await registry.add('2.2', 'presence-room', { userId: 'bob' });
    await registry.add('3.1', 'presence-room', { userId: 'ann' });
    sockets.gone.add('2.2');
    expect(await fanOut.deliverChunk({ message: MESSAGE, socketIds: ['2.1', '2.2', '2.3'] })).toEqual({ delivered: 2, gone: 1 });
    expect(sockets.received('2.1')).toEqual([MESSAGE]);
    expect(sockets.received('2.3')).toEqual([MESSAGE]);
    expect(await registry.subscriptionCount('2.2')).toBe(0);
    expect(await registry.subscribers('news')).toEqual(['2.1', '2.3']);
    expect(sockets.received('3.1')).toEqual([{ event: 'pusher_internal:member_removed', channel: 'presence-room', data: { user_id: 'bob' } }]);
  });

  it('makes every other delivery and forgets the gone before it throws for one that failed', async () => {
    const { registry, sockets } = setup();
    const flaky: RealtimeDelivery = {
      deliver: async (socketId, message) => {
        if (socketId === '2.2') throw Object.assign(new Error('Forbidden'), { name: 'ForbiddenException' });
        return sockets.deliver(socketId, message);
      },
    };
    const fanOut = new ChannelFanOut(registry, flaky);
    for (const socketId of ['2.1', '2.2', '2.3', '2.4']) await registry.add(socketId, 'news');
    sockets.gone.add('2.4');
    const failed = fanOut.deliverChunk({ message: MESSAGE, socketIds: ['2.1', '2.2', '2.3', '2.4'] });
    await expect(failed).rejects.toThrow(DeliveriesFailed);
    await expect(failed).rejects.toThrow('1 of 4 deliveries failed; the first: ForbiddenException: Forbidden');
    expect(sockets.received('2.1')).toEqual([MESSAGE]);
    expect(sockets.received('2.3')).toEqual([MESSAGE]);
    expect(await registry.subscribers('news')).toEqual(['2.1', '2.2', '2.3']);
  });
});
