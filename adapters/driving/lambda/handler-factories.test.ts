import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authorizerEvent, formPost, httpEvent, sqsEvent, webSocketEvent } from '../../../test/support/lambda-events.ts';
import { recordingObservability } from '../../../test/support/recording-observability.ts';
import { TEST_ENVIRONMENT } from '../../../test/support/test-environment.ts';
import { createInMemoryContainer } from '../../composition/in-memory-container.ts';
import { buildAllHandlers } from '../../composition/handler-table.ts';
import { parseRuntimeConfig } from '../../composition/runtime-config.ts';
import { SERVICE_IDS } from '../../composition/service-ids.ts';
import { InMemoryConnectionNotifier } from '../../driven/in-memory/in-memory-connection-notifier.ts';
import { InMemoryNotificationQueue } from '../../driven/in-memory/in-memory-notification-queue.ts';
import { InMemoryWebhookEventSink } from '../../driven/in-memory/in-memory-webhook-event-sink.ts';
import type { ConnectionNotifier } from '../../../domain/notifications/connection-notifier.port.ts';
import { instrumented } from './observability.ts';

const BASIC = `Basic ${Buffer.from('test-key:test-secret').toString('base64')}`;

/** Every entrypoint over one in-memory container, as the local gateway and the unit tests use them. */
function system(options: { env?: Record<string, string>; notifier?: ConnectionNotifier } = {}) {
  const notifier = options.notifier ?? new InMemoryConnectionNotifier();
  const queue = new InMemoryNotificationQueue();
  const webhookSink = new InMemoryWebhookEventSink();
  const config = parseRuntimeConfig({ ...TEST_ENVIRONMENT, FAN_OUT_DIRECT_LIMIT: '3', FAN_OUT_CONCURRENCY: '4', ...options.env });
  const container = createInMemoryContainer(config, { notifier, queue, webhookSink });
  const { observability, lines, counts } = recordingObservability();
  const get = container.get.bind(container);
  const handlers = buildAllHandlers({ services: container, observability });
  return {
    notifier: notifier as InMemoryConnectionNotifier,
    queue,
    webhookSink,
    lines,
    counts,
    registry: get(SERVICE_IDS.ConnectionRegistry),
    token: handlers['http-token'],
    pusherAuth: handlers['http-pusher-auth'],
    userAuth: handlers['http-pusher-user-auth'],
    webhook: handlers['http-pusher-webhook'],
    authorizer: handlers['ws-authorizer'],
    connect: handlers['ws-connect'],
    disconnect: handlers['ws-disconnect'],
    message: handlers['ws-message'],
    notifyUser: handlers['queue-notify-user'],
    notifyConnection: handlers['queue-notify-connection'],
  };
}

async function accessToken(s: ReturnType<typeof system>, userId: string, channels = ''): Promise<string> {
  const response = await s.token(formPost('/token', { grant_type: 'client_credentials', user_id: userId, channels }, { authorization: BASIC }));
  return JSON.parse(response.body ?? '{}').access_token;
}

/** Connects like API Gateway does: authorizer, then `$connect` with its context. */
async function connectAs(s: ReturnType<typeof system>, userId: string, connectionId: string): Promise<void> {
  const allowed = await s.authorizer(authorizerEvent({ token: await accessToken(s, userId) }, connectionId));
  expect(await s.connect(webSocketEvent('$connect', connectionId, { userId: String(allowed.context?.['userId']) }))).toEqual({ statusCode: 200 });
  s.notifier.open(connectionId);
}

describe('http-token', () => {
  it('issues and refreshes tokens', async () => {
    const s = system();
    const issued = await s.token(formPost('/token', { grant_type: 'client_credentials', user_id: 'alice' }, { authorization: BASIC }));
    expect(issued.statusCode).toBe(200);
    expect(issued.headers?.['cache-control']).toBe('no-store');
    const body = JSON.parse(issued.body!);
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 900 });
    const refreshed = await s.token(httpEvent({ method: 'POST', path: '/token', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: body.refresh_token }) }));
    expect(refreshed.statusCode).toBe(200);
  });

  it.each([
    [formPost('/token', { grant_type: 'client_credentials', user_id: 'a' }), 401, 'invalid_client'],
    [formPost('/token', { grant_type: 'client_credentials', user_id: 'a' }, { authorization: 'Basic bm9wZTpub3Bl' }), 401, 'invalid_client'],
    [formPost('/token', { grant_type: 'password' }, { authorization: BASIC }), 422, 'invalid_grant_type'],
    [formPost('/token', { grant_type: 'refresh_token', refresh_token: 'spent-or-forged' }), 401, 'invalid_refresh_token'],
    [formPost('/token', { grant_type: 'client_credentials' }, { authorization: BASIC }), 400, 'invalid_request'],
    [httpEvent({ method: 'POST', path: '/token', headers: { 'content-type': 'application/json' }, body: '{"grant_type":' }), 400, 'invalid_request'],
    [httpEvent({ method: 'POST', path: '/token', headers: { 'content-type': 'text/xml' }, body: '<x/>' }), 415, 'invalid_request'],
    [httpEvent({ method: 'POST', path: '/token', body: 'a'.repeat(20_000) }), 413, 'invalid_request'],
    [httpEvent({ method: 'GET', path: '/token' }), 405, 'method_not_allowed'],
  ])('answers a bad request with the right status and a message (%#)', async (event, status, error) => {
    const response = await system().token(event);
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body!)).toMatchObject({ error, message: expect.any(String) });
  });

  it('never logs a token or a secret', async () => {
    const s = system();
    const token = await accessToken(s, 'alice');
    await s.token(formPost('/token', { grant_type: 'refresh_token', refresh_token: 'secret-refresh' }));
    const logged = JSON.stringify(s.lines);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('secret-refresh');
    expect(logged).not.toContain('test-secret');
  });
});

describe('http-pusher-auth', () => {
  it('signs a POST (pusher-js ajax) with a bearer token', async () => {
    const s = system();
    const token = await accessToken(s, 'alice', 'private-chat-*');
    const response = await s.pusherAuth(formPost('/pusher/auth', { socket_id: '123.456', channel_name: 'private-chat-1' }, { authorization: `Bearer ${token}` }));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!).auth).toMatch(/^test-key:[0-9a-f]{64}$/);
  });

  it('reads a base64-encoded body', async () => {
    const s = system();
    const token = await accessToken(s, 'alice');
    const body = Buffer.from('socket_id=1.2&channel_name=private-user-alice').toString('base64');
    const response = await s.pusherAuth(httpEvent({ method: 'POST', path: '/pusher/auth', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` }, body, isBase64Encoded: true }));
    expect(response.statusCode).toBe(200);
  });

  it.each([
    [{ socket_id: '1.2', channel_name: 'private-user-bob' }, 403, 'forbidden'],
    [{ socket_id: '1.2:x', channel_name: 'private-user-alice' }, 400, 'invalid_request'],
    [{ socket_id: '1.2', channel_name: 'bad name' }, 400, 'invalid_request'],
  ])('refuses %j with %i', async (fields, status, error) => {
    const s = system();
    const token = await accessToken(s, 'alice');
    const response = await s.pusherAuth(formPost('/pusher/auth', fields, { authorization: `Bearer ${token}` }));
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body!)).toMatchObject({ error });
  });

  it('ignores presence channel_data sent by the client: identity comes from the token', async () => {
    const s = system();
    const token = await accessToken(s, 'alice', 'presence-room');
    const forged = JSON.stringify({ user_id: 'admin', user_info: { role: 'root' } });
    const response = await s.pusherAuth(formPost('/pusher/auth', { socket_id: '1.2', channel_name: 'presence-room', channel_data: forged }, { authorization: `Bearer ${token}` }));
    expect(JSON.parse(JSON.parse(response.body!).channel_data)).toEqual({ user_id: 'alice' });
  });

  it('refuses a missing token with 401', async () => {
    const response = await system().pusherAuth(formPost('/pusher/auth', { socket_id: '1.2', channel_name: 'private-user-alice' }));
    expect(response.statusCode).toBe(401);
  });

  it('answers JSONP as a script calling the callback', async () => {
    const s = system();
    const token = await accessToken(s, 'alice');
    const query = new URLSearchParams({ callback: "Pusher.auth_callbacks['1']", socket_id: '1.2', channel_name: 'private-user-alice', token }).toString();
    const response = await s.pusherAuth(httpEvent({ method: 'GET', path: '/pusher/auth', query }));
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'application/javascript; charset=utf-8', 'x-content-type-options': 'nosniff' });
    expect(response.body).toMatch(/^\/\*\*\/Pusher\.auth_callbacks\['1'\]\(\{"auth":"test-key:[0-9a-f]{64}"\}\);$/);
  });

  it('answers a JSONP denial with a callback too, so pusher-js does not hang', async () => {
    const s = system();
    const query = new URLSearchParams({ callback: "Pusher.auth_callbacks['2']", socket_id: '1.2', channel_name: 'private-user-alice' }).toString();
    const response = await s.pusherAuth(httpEvent({ method: 'GET', path: '/pusher/auth', query, headers: { cookie: 'session=abc' } }));
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/^\/\*\*\/Pusher\.auth_callbacks\['2'\]\(\{"error":"invalid_token",.*"status":401\}\);$/);
  });

  it.each([
    "alert(document.cookie)//",
    "Pusher.auth_callbacks['1']);alert(1);//",
    '<script>',
    "Pusher.auth_callbacks['1']\u2028alert(1)",
    'a'.repeat(400),
  ])('refuses the callback %j without echoing it', async (callback) => {
    const s = system();
    const token = await accessToken(s, 'alice');
    const query = new URLSearchParams({ callback, socket_id: '1.2', channel_name: 'private-user-alice', token }).toString();
    const response = await s.pusherAuth(httpEvent({ method: 'GET', path: '/pusher/auth', query }));
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toMatch(/^text\/plain/);
    expect(response.body).not.toContain(callback);
  });

  it('escapes line separators in JSONP bodies', async () => {
    const s = system();
    const issued = await s.token(formPost('/token', { grant_type: 'client_credentials', user_id: 'alice', user_info: JSON.stringify({ name: 'a\u2028b\u2029</script>' }) }, { authorization: BASIC }));
    const token = JSON.parse(issued.body!).access_token;
    const query = new URLSearchParams({ callback: "Pusher.auth_callbacks['3']", socket_id: '1.2', channel_name: 'presence-user-alice', token }).toString();
    const response = await s.pusherAuth(httpEvent({ method: 'GET', path: '/pusher/auth', query }));
    expect(response.body).not.toMatch(/[\u2028\u2029]|<\/script>/);
    expect(response.body).toContain('\\u2028');
  });
});

describe('http-pusher-user-auth', () => {
  it('signs a sign-in for the bearer', async () => {
    const s = system();
    const token = await accessToken(s, 'alice');
    const response = await s.userAuth(formPost('/pusher/user-auth', { socket_id: '1.2' }, { authorization: `Bearer ${token}` }));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!)).toMatchObject({ user_data: '{"id":"alice"}' });
  });
});

describe('http-pusher-webhook', () => {
  const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: 'channel_occupied', channel: 'private-a' }] });
  const signature = createHmac('sha256', 'test-secret').update(body).digest('hex');

  it('accepts a signed webhook and hands its events on', async () => {
    const s = system();
    const response = await s.webhook(httpEvent({ method: 'POST', path: '/pusher/webhook', headers: { 'content-type': 'application/json; charset=utf-8', 'x-pusher-key': 'test-key', 'x-pusher-signature': signature }, body }));
    expect(response.statusCode).toBe(200);
    expect(s.webhookSink.deliveries).toHaveLength(1);
  });

  it('refuses a forged one with 401', async () => {
    const s = system();
    const response = await s.webhook(httpEvent({ method: 'POST', path: '/pusher/webhook', headers: { 'content-type': 'application/json', 'x-pusher-key': 'test-key', 'x-pusher-signature': signature }, body: body.replace('occupied', 'vacated') }));
    expect(response.statusCode).toBe(401);
    expect(s.webhookSink.deliveries).toEqual([]);
  });
});

describe('the WebSocket entrypoints', () => {
  it('authorizer: allows a valid token with context.userId, throws Unauthorized otherwise', async () => {
    const s = system();
    const allowed = await s.authorizer(authorizerEvent({ token: await accessToken(s, 'alice') }));
    expect(allowed).toMatchObject({ principalId: 'alice', context: { userId: 'alice' }, policyDocument: { Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke' }] } });
    await expect(s.authorizer(authorizerEvent({ token: 'forged' }))).rejects.toThrow('Unauthorized');
    await expect(s.authorizer(authorizerEvent({}))).rejects.toThrow('Unauthorized');
  });

  it('$connect records the connection for its user; $disconnect forgets it', async () => {
    const s = system();
    await connectAs(s, 'alice', 'conn-A=');
    expect(await s.registry.find('conn-A=', Date.now())).toMatchObject({ userId: 'alice' });
    expect(await s.disconnect(webSocketEvent('$disconnect', 'conn-A='))).toEqual({ statusCode: 200 });
    expect(await s.registry.find('conn-A=', Date.now())).toBeUndefined();
  });

  it('routes ping, test, unknown actions and junk, pushing every reply', async () => {
    const s = system();
    await connectAs(s, 'alice', 'conn-A=');
    for (const body of ['{"action":"ping"}', '{"action":"test"}', '{"action":"dance"}', 'not json']) {
      expect(await s.message(webSocketEvent(body.includes('ping') ? 'ping' : body.includes('test') ? 'test' : '$default', 'conn-A=', { body }))).toEqual({ statusCode: 200 });
    }
    expect(s.notifier.received('conn-A=').map((reply) => JSON.parse(reply))).toEqual([
      { type: 'pong' },
      { message: 'This response was pushed from my Lambda.' },
      { type: 'error', error: 'not_implemented', message: 'the action "dance" is not implemented' },
      { type: 'error', error: 'bad_request', message: 'messages are JSON objects such as {"action":"ping"}' },
    ]);
  });

  it('in action auth mode, a connection without a token must authorize first', async () => {
    const s = system({ env: { WEBSOCKET_AUTH_MODE: 'action' } });
    await s.connect(webSocketEvent('$connect', 'conn-B='));
    s.notifier.open('conn-B=');
    await s.message(webSocketEvent('ping', 'conn-B=', { body: '{"action":"ping"}' }));
    const token = await accessToken(s, 'bob');
    await s.message(webSocketEvent('authorize', 'conn-B=', { body: JSON.stringify({ action: 'authorize', token }) }));
    await s.message(webSocketEvent('ping', 'conn-B=', { body: Buffer.from('{"action":"ping"}').toString('base64'), isBase64Encoded: true }));
    expect(s.notifier.received('conn-B=').map((reply) => JSON.parse(reply).type)).toEqual(['error', 'authorized', 'pong']);
  });
});

describe('the queue workers', () => {
  it('NotifyUser reaches every live connection; a gone one is removed', async () => {
    const s = system();
    await connectAs(s, 'alice', 'conn-1=');
    await connectAs(s, 'alice', 'conn-2=');
    await connectAs(s, 'alice', 'conn-3=');
    s.notifier.close('conn-3=');
    const response = await s.notifyUser(sqsEvent([JSON.stringify({ userId: 'alice', data: { hello: 1 } })]));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(s.notifier.received('conn-1=')).toEqual(['{"hello":1}']);
    expect(s.notifier.received('conn-2=')).toEqual(['{"hello":1}']);
    expect(await s.registry.find('conn-3=', Date.now())).toBeUndefined();
    expect(s.counts).toMatchObject({ delivered: 2, gone: 1 });
  });

  it('NotifyUser over the direct limit goes NotifyConnection → notifier', async () => {
    const s = system();
    for (let index = 0; index < 5; index += 1) await connectAs(s, 'crowd', `conn-${index}=`);
    await s.notifyUser(sqsEvent([JSON.stringify({ userId: 'crowd', data: 'hi' })]));
    const queued = s.queue.take();
    expect(queued).toHaveLength(5);
    const response = await s.notifyConnection(sqsEvent(queued.map((message) => JSON.stringify(message)), 'NotifyConnection'));
    expect(response).toEqual({ batchItemFailures: [] });
    for (let index = 0; index < 5; index += 1) expect(s.notifier.received(`conn-${index}=`)).toEqual(['hi']);
  });

  it('reports only the failed records of a batch', async () => {
    const failing: ConnectionNotifier = {
      send: async (connectionId) => {
        if (connectionId === 'conn-bad=') throw new Error('throttled');
        return 'delivered';
      },
    };
    const s = system({ notifier: failing });
    const response = await s.notifyConnection(
      sqsEvent([JSON.stringify({ connectionId: 'conn-ok=', data: 1 }), JSON.stringify({ connectionId: 'conn-bad=', data: 2 }), 'not json', JSON.stringify({ connectionId: 'conn-ok=', data: 3 })], 'NotifyConnection'),
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }, { itemIdentifier: 'message-2' }] });
    expect(s.counts).toMatchObject({ delivered: 2, failed: 1, invalid: 1 });
  });

  it('NotifyUser reports malformed records so they end in the dead-letter queue', async () => {
    const s = system();
    const response = await s.notifyUser(sqsEvent(['{"userId":""}', JSON.stringify({ userId: 'nobody', data: 1 })]));
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-0' }] });
  });
});

describe('instrumented', () => {
  it('tags the invocation\'s log lines with the Lambda request id, then clears it', async () => {
    const { observability, lines } = recordingObservability();
    const handler = instrumented(observability, async (event: string) => {
      observability.logger.info('working', { event });
      return 'done';
    });
    expect(await handler('e1', { awsRequestId: 'req-42' })).toBe('done');
    observability.logger.info('later');
    expect(lines.map((line) => line.attributes['requestId'])).toEqual(['req-42', undefined]);
  });
});
