import Pusher from 'pusher';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { CHANNEL_INLINE_LIMIT } from '../../domain/realtime/channel-fan-out.ts';
import { LOCAL_STORAGES, startOn } from './support/local-storages.ts';

/** A raw protocol-7 socket that subscribes to one channel and counts the events it receives. */
async function subscriber(port: number, channel: string): Promise<{ socket: WebSocket; received: string[] }> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/app/local-key?protocol=7`);
  const received: string[] = [];
  const subscribed = new Promise<void>((resolve) => {
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { event: string; channel?: string };
      if (frame.event === 'pusher:connection_established') socket.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel } }));
      else if (frame.event === 'pusher_internal:subscription_succeeded') resolve();
      else if (frame.channel === channel) received.push(frame.event);
    });
  });
  await subscribed;
  return { socket, received };
}

describe.each(LOCAL_STORAGES)('a channel larger than the inline limit, with local mode\'s storage $label', (storage) => {
  let gateway: LocalGateway;
  beforeAll(async () => {
    gateway = await startOn(storage);
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('reaches every subscriber through the channel fan-out queue and its worker', async () => {
    const count = CHANNEL_INLINE_LIMIT + 50;
    const sockets: Awaited<ReturnType<typeof subscriber>>[] = [];
    // In waves, as real clients arrive: the emulated API Gateway serves each socket's frames as they come.
    for (let wave = 0; wave < count; wave += 25) sockets.push(...(await Promise.all(Array.from({ length: Math.min(25, count - wave) }, () => subscriber(gateway.port, 'crowd')))));
    const queued = vi.spyOn(gateway.queues.ChannelFanOut, 'send');
    const server = new Pusher({ appId: gateway.config.pusher.appId, key: 'local-key', secret: 'local-secret', host: '127.0.0.1', port: String(gateway.port), useTLS: false });
    await server.trigger('crowd', 'announcement', { n: 1 });
    await expect.poll(() => sockets.filter((entry) => entry.received.includes('announcement')).length, { timeout: 15_000 }).toBe(count);
    expect(queued.mock.calls.length).toBeGreaterThanOrEqual(1);
    for (const { socket } of sockets) socket.close();
  });
});
