import Pusher from 'pusher';
import { createServer, type IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { pusherAuthSignature } from '../../domain/channels/pusher-signature.ts';
import { closeServer, listenOnLoopback } from '../support/listen.ts';
import { LOCAL_STORAGES, startOn } from './support/local-storages.ts';

const credentials = { appId: '100001', key: 'local-key', secret: 'local-secret' };
/** The app's side: the pusher package's own webhook validation, as an app on hosted Pusher uses it. */
const validator = new Pusher({ ...credentials, cluster: 'eu' });

/** An app's webhook endpoint: refuses the first `refuseFirst` requests with 503, accepts and records the rest. */
function appEndpoint() {
  const received: { name: string; [field: string]: unknown }[] = [];
  let refuseFirst = 0;
  let requests = 0;
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    requests += 1;
    if (requests <= refuseFirst) return void response.writeHead(503).end();
    const webhook = validator.webhook({ headers: request.headers as Record<string, string>, rawBody });
    if (!webhook.isValid()) return void response.writeHead(401).end();
    received.push(...(webhook.getEvents() as unknown as { name: string }[]));
    response.writeHead(200).end();
  });
  return { server, received, refuse: (count: number) => (refuseFirst = requests + count), requests: () => requests };
}

async function socketOn(gateway: LocalGateway) {
  const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/app/local-key?protocol=7`);
  const frames: { event: string; data: string; channel?: string }[] = [];
  socket.on('message', (raw) => frames.push(JSON.parse(raw.toString())));
  await expect.poll(() => frames.some((frame) => frame.event === 'pusher:connection_established')).toBe(true);
  const socketId = (JSON.parse(frames.find((frame) => frame.event === 'pusher:connection_established')!.data) as { socket_id: string }).socket_id;
  const subscribePresence = async (channel: string, userId: string) => {
    const channelData = JSON.stringify({ user_id: userId });
    socket.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel, auth: pusherAuthSignature(credentials, `${socketId}:${channel}:${channelData}`), channel_data: channelData } }));
    await expect.poll(() => frames.some((frame) => frame.event === 'pusher_internal:subscription_succeeded' && frame.channel === channel)).toBe(true);
  };
  return { socket, socketId, subscribePresence, closed: new Promise((resolve) => socket.on('close', resolve)) };
}

describe.each(LOCAL_STORAGES)("webhooks out to the app, with local mode's storage $label", (storage) => {
  const app = appEndpoint();
  let gateway: LocalGateway;
  beforeAll(async () => {
    const url = await listenOnLoopback(app.server);
    gateway = await startOn(storage, { queueVisibilityTimeoutMs: 200, env: { PUSHER_WEBHOOK_URL: `${url}/pusher/webhooks` } });
  });
  afterAll(async () => {
    await gateway.close();
    await closeServer(app.server);
  });

  it('tells the app a channel was occupied and a member added, relays a client event, and after a 3 s hold the member removed and the channel vacated', async () => {
    const ann = await socketOn(gateway);
    const bob = await socketOn(gateway);
    await ann.subscribePresence('presence-hooks', 'ann');
    await bob.subscribePresence('presence-hooks', 'bob');
    await expect.poll(() => app.received.map((event) => event.name).sort(), { timeout: 5_000 }).toEqual(['channel_occupied', 'member_added', 'member_added']);
    ann.socket.send(JSON.stringify({ event: 'client-wave', channel: 'presence-hooks', data: { hi: 1 } }));
    await expect.poll(() => app.received.find((event) => event.name === 'client_event'), { timeout: 5_000 }).toEqual({ name: 'client_event', channel: 'presence-hooks', event: 'client-wave', data: '{"hi":1}', socket_id: ann.socketId, user_id: 'ann' });
    bob.socket.close();
    ann.socket.close();
    await expect.poll(() => app.received.filter((event) => event.name === 'member_removed').map((event) => event['user_id']).sort(), { timeout: 10_000 }).toEqual(['ann', 'bob']);
    // At least once, as Pusher's own: two workers checking the same departure at once may both send it.
    await expect.poll(() => app.received.filter((event) => event.name === 'channel_vacated').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(new Set(app.received.filter((event) => event.name === 'channel_vacated').map((event) => event.channel))).toEqual(new Set(['presence-hooks']));
  });

  it('sends neither member_removed nor member_added when a member leaves and is back within 3 s', async () => {
    const first = await socketOn(gateway);
    await first.subscribePresence('presence-blink', 'cid');
    await expect.poll(() => app.received.filter((event) => event.channel === 'presence-blink').length, { timeout: 5_000 }).toBe(2);
    first.socket.close();
    await first.closed;
    const again = await socketOn(gateway);
    await again.subscribePresence('presence-blink', 'cid');
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(app.received.filter((event) => event.channel === 'presence-blink').map((event) => event.name).sort()).toEqual(['channel_occupied', 'member_added']);
    again.socket.close();
  });

  it('tells the app of a cache miss on a cache channel', async () => {
    const eve = await socketOn(gateway);
    eve.socket.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: 'cache-empty', auth: '' } }));
    await expect.poll(() => app.received.find((event) => event.name === 'cache_miss'), { timeout: 5_000 }).toEqual({ name: 'cache_miss', channel: 'cache-empty' });
    eve.socket.close();
  });

  it('loses nothing when the app refuses for a while: the batch comes back until it is accepted', async () => {
    app.refuse(3);
    const before = app.requests();
    const dee = await socketOn(gateway);
    await dee.subscribePresence('presence-outage', 'dee');
    await expect.poll(() => app.received.filter((event) => event.channel === 'presence-outage').map((event) => event.name).sort(), { timeout: 10_000 }).toEqual(['channel_occupied', 'member_added']);
    expect(app.requests() - before).toBeGreaterThan(3);
    dee.socket.close();
  });
});
