import Pusher from 'pusher';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHttpPusherWebhookHandler } from '../../adapters/driving/lambda/http-pusher-webhook.ts';
import { MAX_HTTP_BODY_BYTES } from '../../adapters/driving/lambda/http-request.ts';
import { startLocalGateway, type LocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { MAX_SUBSCRIPTIONS_PER_SOCKET } from '../../domain/realtime/subscribe-to-channel.use-case.ts';
import type { ReceiveWebhook } from '../../domain/webhooks/receive-webhook.use-case.ts';
import { httpEvent } from '../support/lambda-events.ts';
import { recordingObservability } from '../support/recording-observability.ts';
import { issueToken } from './support/clients.ts';

/** Issue 18 item 5 through local mode's front doors. */

let gateway: LocalGateway;
beforeAll(async () => {
  gateway = await startLocalGateway({ port: 0, quiet: true });
});
afterAll(() => gateway?.close());

describe('narrower defaults, on the wire', () => {
  it('echoes no JSONP callback but pusher-js\'s own', async () => {
    const { access_token: token } = await issueToken(gateway.url, 'jsonp', { channels: 'private-chat-*' });
    const ask = (callback: string) => fetch(`${gateway.url}/pusher/auth?${new URLSearchParams({ callback, socket_id: '1.2', channel_name: 'private-chat-a', token })}`);
    const refused = await ask('location.assign');
    expect(refused.status).toBe(400);
    expect(await refused.text()).not.toContain('location.assign');
    expect(await (await ask("Pusher.auth_callbacks['7']")).text()).toMatch(/^\/\*\*\/Pusher\.auth_callbacks\['7'\]\(\{"auth":/);
  });

  it(`answers subscription ${MAX_SUBSCRIPTIONS_PER_SOCKET + 1} of one connection with pusher:subscription_error`, async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/app/local-key?protocol=7`);
    const frames: { event: string; channel?: string; data: unknown }[] = [];
    socket.on('message', (raw) => frames.push(JSON.parse(raw.toString())));
    await new Promise((resolve) => socket.once('open', resolve));
    for (let index = 0; index <= MAX_SUBSCRIPTIONS_PER_SOCKET; index += 1) socket.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: `news-${index}` } }));
    const deadline = Date.now() + 5000;
    while (frames.filter((frame) => frame.event !== 'pusher:connection_established').length <= MAX_SUBSCRIPTIONS_PER_SOCKET && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(frames.filter((frame) => frame.event === 'pusher_internal:subscription_succeeded')).toHaveLength(MAX_SUBSCRIPTIONS_PER_SOCKET);
    const refusal = frames.find((frame) => frame.event === 'pusher:subscription_error');
    expect(refusal?.channel).toBe(`news-${MAX_SUBSCRIPTIONS_PER_SOCKET}`);
    expect(JSON.parse(String(refusal?.data))).toEqual({ type: 'LimitReached', status: 429, error: expect.stringContaining(`at most ${MAX_SUBSCRIPTIONS_PER_SOCKET}`) });
    socket.close();
  });

  it('publishes a batch all or nothing: one bad event refuses the whole batch before any is sent', async () => {
    const server = new Pusher({ appId: gateway.config.pusher.appId, key: 'local-key', secret: 'local-secret', host: '127.0.0.1', port: String(gateway.port), useTLS: false });
    const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/app/local-key?protocol=7`);
    const events: string[] = [];
    socket.on('message', (raw) => events.push((JSON.parse(raw.toString()) as { event: string }).event));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: 'batch-news' } }));
    await expect.poll(() => events).toContain('pusher_internal:subscription_succeeded');
    await expect(server.triggerBatch([{ channel: 'batch-news', name: 'first', data: '1' }, { channel: 'batch-news', name: 'pusher:forged', data: '2' }])).rejects.toMatchObject({ status: 400 });
    await server.trigger('batch-news', 'after', 'marker');
    await expect.poll(() => events).toContain('after');
    expect(events).not.toContain('first');
    socket.close();
  });

  it('refuses protocol event names and control characters from the HTTP API', async () => {
    const server = new Pusher({ appId: '100001', key: 'local-key', secret: 'local-secret', host: '127.0.0.1', port: String(gateway.port), useTLS: false });
    for (const name of ['pusher:member_added', 'pusher_internal:member_removed', 'new\nline']) {
      await expect(server.trigger('news', name, {}), name).rejects.toMatchObject({ status: 400 });
    }
    await expect(server.trigger('news', 'ordinary', {})).resolves.toMatchObject({ status: 200 });
  });

  it.each([MAX_HTTP_BODY_BYTES + 1, 1024 * 1024 + 1])('refuses a %i-byte webhook body as a deployment does, with the same answer', async (size) => {
    const body = JSON.stringify({ time_ms: 1, events: [], padding: '' }).replace('""', `"${'x'.repeat(size - 38)}"`);
    expect(Buffer.byteLength(body)).toBe(size);
    const headers = { 'content-type': 'application/json', 'x-pusher-key': 'local-key', 'x-pusher-signature': '0'.repeat(64) };
    const local = await fetch(`${gateway.url}/pusher/webhook`, { method: 'POST', headers, body });
    const neverReached = { execute: () => Promise.reject(new Error('an oversized body must be refused before verification')) } as unknown as ReceiveWebhook;
    const onLambda = await makeHttpPusherWebhookHandler({ receiveWebhook: neverReached, ...recordingObservability().observability })(httpEvent({ method: 'POST', path: '/pusher/webhook', headers, body }));
    expect(onLambda.statusCode).toBe(413);
    expect(local.status).toBe(onLambda.statusCode);
    expect(await local.json()).toEqual(JSON.parse(onLambda.body ?? ''));
  });
});
