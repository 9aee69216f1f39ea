import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createRequire } from 'node:module';
import Pusher from 'pusher';
import { describe, expect, it } from 'vitest';
import { httpEvent } from '../../../test/support/lambda-events.ts';
import { recordingObservability } from '../../../test/support/recording-observability.ts';
import { ChannelFanOut } from '../../../domain/realtime/channel-fan-out.ts';
import { PublishEvent } from '../../../domain/realtime/publish-event.use-case.ts';
import { TerminateUserSockets } from '../../../domain/realtime/terminate-user-sockets.use-case.ts';
import { InMemoryRealtimeDelivery } from '../../driven/in-memory/in-memory-realtime-delivery.ts';
import { InMemorySubscriptionRegistry } from '../../driven/in-memory/in-memory-subscription-registry.ts';
import { makeHttpPusherApiHandler, PUSHER_API_MAX_BODY_BYTES } from './http-pusher-api.ts';

// The `pusher` package signs every request here, exactly as it signs what it sends (the oracle).
const { createSignedQueryString } = createRequire(import.meta.url)('pusher/lib/requests.js') as {
  createSignedQueryString(token: unknown, request: { method: string; path: string; params?: Record<string, string>; body?: string }): string;
};
const APP = { appId: '1', key: 'test-key', secret: 'test-secret' };
const tokenOf = (secret: string, key = APP.key) => (new Pusher({ ...APP, key, secret, host: '127.0.0.1' }) as unknown as { config: { token: unknown } }).config.token;
const TOKEN = tokenOf(APP.secret);

interface Signing {
  readonly params?: Record<string, string>;
  /** Sent as JSON, as the package sends it; a string is sent as it is. */
  readonly body?: unknown;
  readonly token?: unknown;
}

function signed(method: string, path: string, signing: Signing = {}): APIGatewayProxyEventV2 {
  const body = signing.body === undefined ? undefined : typeof signing.body === 'string' ? signing.body : JSON.stringify(signing.body);
  const query = createSignedQueryString(signing.token ?? TOKEN, { method, path, ...(signing.params === undefined ? {} : { params: signing.params }), ...(body === undefined ? {} : { body }) });
  return httpEvent({ method, path, query, ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }) });
}

function system(options: { clockOffsetMs?: number } = {}) {
  const registry = new InMemorySubscriptionRegistry();
  const delivery = new InMemoryRealtimeDelivery();
  const fanOut = new ChannelFanOut(registry, delivery);
  const { observability, lines } = recordingObservability();
  const handler = makeHttpPusherApiHandler({
    ...APP,
    publish: new PublishEvent(fanOut, registry),
    registry,
    terminateUserSockets: new TerminateUserSockets(registry, delivery),
    // The package stamps requests with the real time; the window is 600 s either way.
    clock: { now: () => Date.now() + (options.clockOffsetMs ?? 0) },
    ...observability,
  });
  const call = async (event: APIGatewayProxyEventV2) => {
    const response = await handler(event);
    return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') as Record<string, unknown> };
  };
  return { registry, delivery, call, lines };
}

const EVENT = { name: 'greeting', channels: ['private-chat'], data: '{"hello":"ann"}' };

describe('POST /apps/<id>/events', () => {
  it('publishes to every subscriber of every channel but the excluded socket', async () => {
    const s = system();
    await s.registry.add('1.1', 'private-chat');
    await s.registry.add('1.2', 'private-chat');
    await s.registry.add('1.3', 'news');
    expect(await s.call(signed('POST', '/apps/1/events', { body: { ...EVENT, channels: ['private-chat', 'news'], socket_id: '1.2' } }))).toEqual({ status: 200, body: {} });
    expect(s.delivery.received('1.1')).toEqual([{ event: 'greeting', channel: 'private-chat', data: '{"hello":"ann"}' }]);
    expect(s.delivery.received('1.2')).toEqual([]);
    expect(s.delivery.received('1.3')).toEqual([{ event: 'greeting', channel: 'news', data: '{"hello":"ann"}' }]);
  });

  it('takes a single `channel` as well as `channels`', async () => {
    const s = system();
    await s.registry.add('1.1', 'news');
    expect((await s.call(signed('POST', '/apps/1/events', { body: { name: 'e', channel: 'news', data: 'x' } }))).status).toBe(200);
    expect(s.delivery.received('1.1')).toHaveLength(1);
  });

  it.each([
    ['not JSON', 'not json', 400, 'the body must be a JSON object'],
    ['a JSON array', [EVENT], 400, 'the body must be a JSON object'],
    ['no channels', { name: 'e', data: 'x' }, 400, 'channels must list 1 to 100 channels'],
    ['a bad channel name', { ...EVENT, channels: ['bad name'] }, 400, expect.stringContaining('"bad name"')],
    ['no event name', { channels: ['a'], data: 'x' }, 400, expect.any(String)],
    ['data over 10 KB', { ...EVENT, data: 'y'.repeat(11 * 1024) }, 413, 'data is 11264 bytes; the limit is 10240'],
  ])('refuses %s (%d)', async (_case, body, status, error) => {
    const s = system();
    expect(await s.call(signed('POST', '/apps/1/events', { body }))).toEqual({ status, body: { error } });
  });
});

describe('POST /apps/<id>/events with info (Pusher\'s experimental attributes)', () => {
  it('answers the counts asked for, per channel published to, and keeps a cache channel\'s event', async () => {
    const s = system();
    await s.registry.add('1.1', 'cache-board');
    await s.registry.add('1.2', 'cache-board');
    await s.registry.add('1.3', 'presence-room', { userId: 'ann' });
    await s.registry.add('1.4', 'presence-room', { userId: 'ann' });
    const body = { name: 'state', channels: ['cache-board', 'presence-room', 'cache-board'], data: '{"v":1}', info: 'subscription_count,user_count' };
    expect(await s.call(signed('POST', '/apps/1/events', { body }))).toEqual({
      status: 200,
      body: { channels: { 'cache-board': { subscription_count: 2 }, 'presence-room': { subscription_count: 2, user_count: 1 } } },
    });
    expect(await s.registry.cachedEvent('cache-board')).toEqual({ event: 'state', data: '{"v":1}' });
    expect(await s.registry.cachedEvent('presence-room')).toBeUndefined();
  });

  it('answers a batch\'s attributes at the index of each event that asked', async () => {
    const s = system();
    await s.registry.add('1.1', 'a');
    const batch = [{ name: 'one', channel: 'a', data: '1', info: 'subscription_count' }, { name: 'two', channel: 'b', data: '2' }];
    expect(await s.call(signed('POST', '/apps/1/batch_events', { body: { batch } }))).toEqual({ status: 200, body: { batch: [{ subscription_count: 1 }, {}] } });
  });
});

describe('POST /apps/<id>/batch_events', () => {
  it('publishes every event of the batch and answers one entry each', async () => {
    const s = system();
    await s.registry.add('1.1', 'a');
    const batch = [{ name: 'one', channel: 'a', data: '1' }, { name: 'two', channel: 'a', data: '2' }];
    expect(await s.call(signed('POST', '/apps/1/batch_events', { body: { batch } }))).toEqual({ status: 200, body: { batch: [{}, {}] } });
    expect(s.delivery.received('1.1').map((message) => message.event)).toEqual(['one', 'two']);
  });

  it.each([
    ['an empty batch', { batch: [] }, 400],
    ['eleven events', { batch: Array.from({ length: 11 }, () => ({ name: 'e', channel: 'a', data: '' })) }, 400],
    ['no batch', { events: [] }, 400],
    ['an event that is not an object', { batch: [{ name: 'e', channel: 'a', data: '' }, null] }, 400],
    ['one bad event', { batch: [{ name: 'e', channel: 'a', data: '' }, { name: 'e', channel: 'bad name', data: '' }] }, 400],
    ['one event over 10 KB', { batch: [{ name: 'e', channel: 'a', data: '' }, { name: 'e', channel: 'a', data: 'y'.repeat(11 * 1024) }] }, 413],
  ])('refuses %s whole, publishing none of it', async (_case, body, status) => {
    const s = system();
    await s.registry.add('1.1', 'a');
    const answer = await s.call(signed('POST', '/apps/1/batch_events', { body }));
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ error: expect.any(String) });
    expect(s.delivery.received('1.1')).toEqual([]);
  });
});

describe('GET /apps/<id>/channels[/<name>[/users]]', () => {
  async function populated() {
    const s = system();
    await s.registry.add('1.1', 'presence-lobby', { userId: 'ann' });
    await s.registry.add('1.2', 'presence-lobby', { userId: 'ann' });
    await s.registry.add('1.3', 'presence-lobby', { userId: 'bob' });
    await s.registry.add('1.1', 'private-chat');
    await s.registry.add('1.1', '#server-to-user-ann');
    return s;
  }

  it('lists the occupied channels, never the server-to-user ones', async () => {
    const s = await populated();
    expect(await s.call(signed('GET', '/apps/1/channels'))).toEqual({ status: 200, body: { channels: { 'presence-lobby': {}, 'private-chat': {} } } });
  });

  it('filters by prefix, and counts users of presence channels when asked', async () => {
    const s = await populated();
    const answer = await s.call(signed('GET', '/apps/1/channels', { params: { filter_by_prefix: 'presence-', info: 'user_count' } }));
    expect(answer).toEqual({ status: 200, body: { channels: { 'presence-lobby': { user_count: 2 } } } });
  });

  it('counts the subscriptions of every channel listed when asked', async () => {
    const s = await populated();
    const answer = await s.call(signed('GET', '/apps/1/channels', { params: { info: 'subscription_count,user_count' } }));
    expect(answer).toEqual({ status: 200, body: { channels: { 'presence-lobby': { subscription_count: 3, user_count: 2 }, 'private-chat': { subscription_count: 1 } } } });
  });

  it('reads only the signed query (rawQueryString), not the parameters API Gateway parsed from it', async () => {
    const s = await populated();
    const event = signed('GET', '/apps/1/channels', { params: { filter_by_prefix: 'private-' } });
    const answer = await s.call({ ...event, queryStringParameters: { ...event.queryStringParameters, filter_by_prefix: 'presence-' } });
    expect(answer.body).toEqual({ channels: { 'private-chat': {} } });
  });

  it('describes one channel: occupied, and the counts asked for', async () => {
    const s = await populated();
    expect(await s.call(signed('GET', '/apps/1/channels/presence-lobby', { params: { info: 'user_count,subscription_count' } }))).toEqual({
      status: 200,
      body: { occupied: true, subscription_count: 3, user_count: 2 },
    });
    expect(await s.call(signed('GET', '/apps/1/channels/private-chat', { params: { info: 'user_count,subscription_count' } }))).toEqual({ status: 200, body: { occupied: true, subscription_count: 1 } });
    expect(await s.call(signed('GET', '/apps/1/channels/private-empty'))).toEqual({ status: 200, body: { occupied: false } });
  });

  it('lists the users of a presence channel, each once', async () => {
    const s = await populated();
    const answer = await s.call(signed('GET', '/apps/1/channels/presence-lobby/users'));
    expect(answer.status).toBe(200);
    expect((answer.body['users'] as unknown[]).toSorted((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([{ id: 'ann' }, { id: 'bob' }]);
  });

  it('refuses to list the users of a channel that is not presence, and a name that is not valid percent-encoding (400)', async () => {
    const s = await populated();
    expect(await s.call(signed('GET', '/apps/1/channels/private-chat/users'))).toEqual({ status: 400, body: { error: 'users are listed for presence channels only' } });
    expect(await s.call(signed('GET', '/apps/1/channels/%zz'))).toEqual({ status: 400, body: { error: 'the channel name is not valid percent-encoding' } });
    expect(await s.call(signed('GET', '/apps/1/channels/%zz/users'))).toEqual({ status: 400, body: { error: 'the channel name is not valid percent-encoding' } });
  });
});

describe('POST /apps/<id>/users/<id>/terminate_connections', () => {
  it("closes every socket signed in as the user, and no one else's", async () => {
    const s = system();
    await s.registry.signIn('1.1', 'ann');
    await s.registry.signIn('1.2', 'ann');
    await s.registry.signIn('1.3', 'bob');
    expect(await s.call(signed('POST', '/apps/1/users/ann/terminate_connections', { body: {} }))).toEqual({ status: 200, body: {} });
    expect(s.delivery.closed.toSorted()).toEqual(['1.1', '1.2']);
  });

  it('refuses the user\'s next sign-in for a while', async () => {
    const s = system();
    expect((await s.call(signed('POST', '/apps/1/users/ann/terminate_connections', { body: {} }))).status).toBe(200);
    expect(await s.registry.wasTerminated('ann')).toBe(true);
    expect(await s.registry.wasTerminated('bob')).toBe(false);
  });

  it('refuses a user id that is not valid percent-encoding (400)', async () => {
    const s = system();
    expect(await s.call(signed('POST', '/apps/1/users/%zz/terminate_connections', { body: {} }))).toEqual({ status: 400, body: { error: 'the user id is not valid percent-encoding' } });
  });
});

describe('verification, as Pusher verifies', () => {
  it('accepts a base64-encoded body as the same bytes', async () => {
    const s = system();
    const event = signed('POST', '/apps/1/events', { body: EVENT });
    expect((await s.call({ ...event, body: Buffer.from(event.body!, 'utf8').toString('base64'), isBase64Encoded: true })).status).toBe(200);
  });

  it.each([
    ['another secret', () => signed('GET', '/apps/1/channels', { token: tokenOf('not-the-secret') }), 'Invalid signature: you should have sent HmacSHA256Hex(string_to_sign, secret)'],
    ['another key', () => signed('GET', '/apps/1/channels', { token: tokenOf(APP.secret, 'other-key') }), 'Unknown auth_key'],
    ['no signature at all', () => httpEvent({ method: 'GET', path: '/apps/1/channels' }), 'Unknown auth_key'],
    ['a body other than the signed one', () => ({ ...signed('POST', '/apps/1/events', { body: EVENT }), body: JSON.stringify({ ...EVENT, name: 'forged' }) }), 'body_md5 does not match the body'],
    ['a path other than the signed one', () => ({ ...signed('GET', '/apps/1/channels/presence-a'), rawPath: '/apps/1/channels/presence-b' }), expect.stringMatching(/^Invalid signature/)],
    ['a method other than the signed one', () => {
      const event = signed('GET', '/apps/1/channels');
      return { ...event, requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method: 'POST' } } };
    }, expect.stringMatching(/^Invalid signature/)],
    ['a widened query', () => {
      const event = signed('GET', '/apps/1/channels', { params: { filter_by_prefix: 'presence-' } });
      return { ...event, rawQueryString: event.rawQueryString.replace('filter_by_prefix=', 'FILTER_BY_PREFIX=') };
    }, expect.stringContaining('lower-case names')],
  ])('refuses %s (401)', async (_case, event, error) => {
    const s = system();
    await s.registry.add('1.1', 'presence-a', { userId: 'ann' });
    expect(await s.call(event())).toEqual({ status: 401, body: { error } });
    expect(s.lines.some((line) => line.message === 'pusher api request refused')).toBe(true);
  });

  it.each([601, -601])('refuses a request signed %d s away from its clock (401)', async (offsetSeconds) => {
    const s = system({ clockOffsetMs: offsetSeconds * 1000 });
    expect(await s.call(signed('GET', '/apps/1/channels'))).toEqual({ status: 401, body: { error: expect.stringMatching(/^Timestamp expired/) } });
  });

  it('accepts one signed within the window', async () => {
    expect((await system({ clockOffsetMs: 590_000 }).call(signed('GET', '/apps/1/channels'))).status).toBe(200);
  });
});

describe('what no endpoint answers', () => {
  it('an unknown app is 404, before anything is read', async () => {
    expect(await system().call(signed('GET', '/apps/2/channels'))).toEqual({ status: 404, body: { error: 'Unknown app 2' } });
  });

  it.each([
    ['GET', '/apps/1/events'],
    ['POST', '/apps/1/channels'],
    ['GET', '/apps/1/nope'],
    ['GET', '/apps/1'],
    ['GET', '/apps/1/channels/a/b'],
  ])('a signed %s %s is 404', async (method, path) => {
    expect(await system().call(signed(method, path))).toEqual({ status: 404, body: { error: expect.stringMatching(/^No such endpoint/) } });
  });

  it('a path outside /apps/ is 404', async () => {
    expect(await system().call(httpEvent({ method: 'GET', path: '/pusher/channels' }))).toEqual({ status: 404, body: { error: 'No such endpoint: GET /pusher/channels' } });
  });

  it(`a body over ${PUSHER_API_MAX_BODY_BYTES} bytes is 413, before it is verified`, async () => {
    const event = httpEvent({ method: 'POST', path: '/apps/1/batch_events', body: 'x'.repeat(PUSHER_API_MAX_BODY_BYTES + 1) });
    expect(await system().call(event)).toEqual({ status: 413, body: { error: 'invalid_request', message: `the body is over ${PUSHER_API_MAX_BODY_BYTES} bytes` } });
  });

  it('a full batch fits under the limit: 10 events of nearly 10 KB of data, doubly escaped in the body', async () => {
    const batch = Array.from({ length: 10 }, () => ({ name: 'e', channel: 'a', data: JSON.stringify({ text: '"'.repeat(5000) }) }));
    expect((await system().call(signed('POST', '/apps/1/batch_events', { body: { batch } }))).status).toBe(200);
  });
});
