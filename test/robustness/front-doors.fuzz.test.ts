import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import Pusher from 'pusher';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAllHandlers } from '../../adapters/composition/handler-table.ts';
import { createInMemoryContainer } from '../../adapters/composition/in-memory-container.ts';
import { parseRuntimeConfig } from '../../adapters/composition/runtime-config.ts';
import { SERVICE_IDS } from '../../adapters/composition/service-ids.ts';
import { InMemoryConnectionNotifier } from '../../adapters/driven/in-memory/in-memory-connection-notifier.ts';
import type { InMemoryHandshakeInvoker } from '../../adapters/driven/in-memory/in-memory-handshake-invoker.ts';
import { PUSHER_API_MAX_BODY_BYTES } from '../../adapters/driving/lambda/http-pusher-api.ts';
import { isAllowedJsonpCallback } from '../../adapters/driving/lambda/http-pusher-auth.ts';
import { MAX_HTTP_BODY_BYTES } from '../../adapters/driving/lambda/http-request.ts';
import { MAX_CONNECTION_ID_LENGTH } from '../../domain/connections/connection.ts';
import { MAX_USER_ID_LENGTH } from '../../domain/tokens/access-token.ts';
import { httpEvent, sqsEvent, webSocketEvent } from '../support/lambda-events.ts';
import { recordingObservability } from '../support/recording-observability.ts';
import { TEST_ENVIRONMENT } from '../support/test-environment.ts';
import { FUZZ_RUNS, FUZZ_SEED } from './fuzz-settings.ts';

const settings = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED };
const notifier = new InMemoryConnectionNotifier();
const container = createInMemoryContainer(parseRuntimeConfig({ ...TEST_ENVIRONMENT, FAN_OUT_CONCURRENCY: '4' }), { notifier });
const { observability } = recordingObservability();
const handlers = buildAllHandlers({ services: container, observability });
const doors = {
  token: handlers['http-token'],
  pusherAuth: handlers['http-pusher-auth'],
  userAuth: handlers['http-pusher-user-auth'],
  webhook: handlers['http-pusher-webhook'],
  pusherApi: handlers['http-pusher-api'],
  message: handlers['ws-message'],
  channelsConnect: handlers['channels-connect'],
  channelsMessage: handlers['channels-message'],
  notifyUser: handlers['queue-notify-user'],
  notifyConnection: handlers['queue-notify-connection'],
};
let validToken = '';
beforeAll(async () => {
  const issued = await container.get(SERVICE_IDS.IssueToken).execute({ grantType: 'client_credentials', client: { key: 'test-key', secret: 'test-secret' }, userId: 'fuzz', channels: '*' });
  if (!issued.ok) throw new Error('no token');
  validToken = issued.value.accessToken;
  notifier.open('fuzzConn=');
});

/**
 * The queue contract, written out independently of the parser: a JSON object whose `idField` is a
 * string of 1 to `maxLength` characters and which has `data` (the fuzzed data stays far under 128 KB).
 */
function hasIdAndData(body: string, idField: string, maxLength: number): boolean {
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    return false;
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return false;
  const record = message as Record<string, unknown>;
  const id = record[idField];
  return typeof id === 'string' && id.length >= 1 && id.length <= maxLength && record['data'] !== undefined;
}

/** Strings a hostile client would try: structure-aware pieces mixed with noise. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '1.2', '1.2:3', '1.2\n', 'private-user-fuzz', 'presence-lobby', 'private-encrypted-x', '#server-to-user-fuzz', '__proto__', 'constructor', 'null', '{}', '[]', '\u2028', '<script>', "Pusher.auth_callbacks['1']", "');alert(1)//", 'client_credentials', 'refresh_token', '%', '%zz', 'a'.repeat(300)),
);
const formFields = fc.dictionary(fc.constantFrom('grant_type', 'user_id', 'channels', 'user_info', 'expires_in', 'refresh_token', 'socket_id', 'channel_name', 'callback', 'token', 'channel_data', 'x'), nasty, { maxKeys: 6 });
const headerSets = fc.record(
  {
    'content-type': fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'multipart/form-data', ''),
    authorization: fc.oneof(fc.constant(`Basic ${Buffer.from('test-key:test-secret').toString('base64')}`), fc.constant('Bearer VALID'), fc.string({ maxLength: 60 }).map((value) => `Bearer ${value}`), fc.string({ maxLength: 60 }).map((value) => `Basic ${value}`), nasty),
  },
  { requiredKeys: [] },
);
const bodies = fc.oneof(
  formFields.map((fields) => new URLSearchParams(fields as Record<string, string>).toString()),
  formFields.map((fields) => JSON.stringify(fields)),
  fc.json(),
  fc.string({ maxLength: 200 }),
  fc.constant('x'.repeat(MAX_HTTP_BODY_BYTES + 1)),
  fc.constant('x'.repeat(PUSHER_API_MAX_BODY_BYTES + 1)),
);
const httpRequests = fc.record({
  method: fc.constantFrom('POST', 'GET', 'PUT', 'DELETE'),
  headers: headerSets,
  body: fc.option(bodies, { nil: undefined }),
  query: fc.option(formFields.map((fields) => new URLSearchParams(fields as Record<string, string>).toString()), { nil: undefined }),
  isBase64Encoded: fc.boolean(),
});

type Door = (event: ReturnType<typeof httpEvent>) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Every HTTP door: no throw, no 5xx, every refusal says what was wrong (in `message`; the Pusher
 * HTTP API says it in `error`, as Pusher's does), JSONP only ever calls an allowed callback.
 */
async function checkHttpDoor(door: Door, path: string, explanation: 'message' | 'error' = 'message'): Promise<void> {
  await fc.assert(
    fc.asyncProperty(httpRequests, async (request) => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, value === 'Bearer VALID' ? `Bearer ${validToken}` : value])) as Record<string, string>;
      const body = request.body === undefined ? undefined : request.isBase64Encoded ? Buffer.from(request.body).toString('base64') : request.body;
      const response = await door(httpEvent({ method: request.method, path, headers, ...(body === undefined ? {} : { body }), ...(request.query === undefined ? {} : { query: request.query }), isBase64Encoded: request.isBase64Encoded && body !== undefined }));
      const status = response.statusCode ?? 200;
      expect(status).toBeLessThan(500);
      if (status >= 400 && String(response.headers?.['content-type'] ?? '').startsWith('application/json')) {
        expect(JSON.parse(response.body ?? '{}')[explanation]).toEqual(expect.any(String));
      }
      if (status >= 400) expect(response.body).toBeTruthy();
      if (String(response.headers?.['content-type'] ?? '').startsWith('application/javascript')) {
        const callback = /^\/\*\*\/(.*?)\(/.exec(response.body ?? '')?.[1];
        expect(callback !== undefined && isAllowedJsonpCallback(callback)).toBe(true);
        expect(response.body).not.toMatch(/[\u2028\u2029]/);
      }
      const limit = explanation === 'error' ? PUSHER_API_MAX_BODY_BYTES : MAX_HTTP_BODY_BYTES;
      if ((request.body?.length ?? 0) > limit && request.method === 'POST' && !request.isBase64Encoded) expect(status).toBe(413);
    }),
    settings,
  );
}

describe(`fuzzed front doors (${FUZZ_RUNS} inputs each, seed ${FUZZ_SEED})`, () => {
  it('http-token', () => checkHttpDoor(doors.token, '/token'));
  it('http-pusher-auth (POST and JSONP GET)', () => checkHttpDoor(doors.pusherAuth, '/pusher/auth'));
  it('http-pusher-user-auth', () => checkHttpDoor(doors.userAuth, '/pusher/user-auth'));

  it('http-pusher-webhook (random and correctly signed bodies)', async () => {
    await checkHttpDoor(doors.webhook, '/pusher/webhook');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string({ maxLength: 100 })), async (rawBody) => {
        const signature = createHmac('sha256', 'test-secret').update(rawBody).digest('hex');
        const response = await doors.webhook(httpEvent({ method: 'POST', path: '/pusher/webhook', headers: { 'content-type': 'application/json', 'x-pusher-key': 'test-key', 'x-pusher-signature': signature }, body: rawBody }));
        expect(response.statusCode).toBeLessThan(500);
      }),
      settings,
    );
  });

  it('http-pusher-api (random requests, and requests the pusher package signed)', async () => {
    const routes = ['events', 'batch_events', 'channels', 'channels/presence-lobby', 'channels/presence-lobby/users', 'users/fuzz/terminate_connections', 'nope'];
    for (const route of routes) await checkHttpDoor(doors.pusherApi, `/apps/1/${route}`, 'error');
    const { createSignedQueryString } = createRequire(import.meta.url)('pusher/lib/requests.js') as {
      createSignedQueryString(token: unknown, request: { method: string; path: string; params?: Record<string, string>; body?: string }): string;
    };
    const token = (new Pusher({ appId: '1', key: 'test-key', secret: 'test-secret', host: '127.0.0.1' }) as unknown as { config: { token: unknown } }).config.token;
    const segment = fc.oneof(nasty, nasty.map(encodeURIComponent));
    const event = fc.record({ name: nasty, channel: nasty, channels: fc.oneof(fc.array(nasty, { maxLength: 3 }), nasty), data: fc.oneof(nasty, fc.jsonValue()), socket_id: nasty }, { requiredKeys: [] });
    const signedRequests = fc.record({
      method: fc.constantFrom('GET', 'POST'),
      path: fc.oneof(fc.constantFrom(...routes).map((route) => `/apps/1/${route}`), segment.map((name) => `/apps/1/channels/${name}`), segment.map((name) => `/apps/1/channels/${name}/users`), segment.map((id) => `/apps/1/users/${id}/terminate_connections`)),
      params: fc.dictionary(fc.constantFrom('filter_by_prefix', 'info', 'x'), nasty, { maxKeys: 2 }),
      body: fc.option(fc.oneof(event.map((value) => JSON.stringify(value)), fc.array(event, { maxLength: 11 }).map((batch) => JSON.stringify({ batch })), fc.json(), fc.string({ maxLength: 100 })), { nil: undefined }),
    });
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(signedRequests, async ({ method, path, params, body }) => {
        const query = createSignedQueryString(token, { method, path, params: params as Record<string, string>, ...(body === undefined ? {} : { body }) });
        const response = await doors.pusherApi(httpEvent({ method, path, query, ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }) }));
        const status = response.statusCode ?? 200;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        expect(status).toBeLessThan(500);
        if (status >= 400) expect(JSON.parse(response.body ?? '{}').error).toEqual(expect.any(String));
      }),
      settings,
    );
    // Signed requests must get past verification to the endpoints, served and refused, or the fuzz proves little.
    expect(statuses.get(200) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(FUZZ_RUNS / 20);
    expect(statuses.get(400) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(FUZZ_RUNS / 20);
  });

  it('ws-message bodies: always a 200 and exactly one reply to the client', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string({ maxLength: 200 }), fc.record({ action: nasty, token: fc.option(nasty) }).map((message) => JSON.stringify(message))), async (body) => {
        const before = notifier.received('fuzzConn=').length;
        const response = await doors.message(webSocketEvent('$default', 'fuzzConn=', { body }));
        expect(response.statusCode).toBe(200);
        expect(notifier.received('fuzzConn=').length).toBe(before + 1);
      }),
      settings,
    );
  });

  it('channels-connect: always a 200 and exactly one handshake handed on, refused unless the key and protocol are right', async () => {
    const invoker = container.get(SERVICE_IDS.HandshakeInvoker) as InMemoryHandshakeInvoker;
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('app_key', 'protocol', 'client', 'version'), fc.oneof(nasty, fc.constantFrom('test-key', '7', '5', '8', '07')), { maxKeys: 4 }), async (query) => {
        const before = invoker.invoked.length;
        expect((await doors.channelsConnect(webSocketEvent('$connect', 'chanConn=', { query }))).statusCode).toBe(200);
        expect(invoker.invoked.length).toBe(before + 1);
        const accepted = query['app_key'] === 'test-key' && (query['protocol'] === undefined || ['5', '6', '7'].includes(query['protocol']));
        expect(invoker.invoked.at(-1)?.refusal === undefined, JSON.stringify(query)).toBe(accepted);
      }),
      settings,
    );
  });

  it('channels-message frames: always a 200, at most one well-formed Pusher frame back, and no other socket loses a subscription', async () => {
    const registry = container.get(SERVICE_IDS.SubscriptionRegistry);
    await registry.add('9.9', 'presence-lobby', { userId: 'bystander' });
    await registry.add('9.9', 'private-chat');
    const frames = fc.oneof(
      fc.json(),
      fc.string({ maxLength: 200 }),
      fc
        .record(
          {
            event: fc.oneof(fc.constantFrom('pusher:subscribe', 'pusher:unsubscribe', 'pusher:ping', 'pusher:signin', 'pusher:pong', 'client-x', 'pusher:other'), nasty),
            channel: nasty,
            data: fc.oneof(fc.record({ channel: nasty, auth: nasty, channel_data: nasty, user_data: nasty }, { requiredKeys: [] }), nasty, fc.jsonValue()),
          },
          { requiredKeys: ['event'] },
        )
        .map((frame) => JSON.stringify(frame)),
    );
    await fc.assert(
      fc.asyncProperty(frames, fc.boolean(), async (body, binary) => {
        const response = await doors.channelsMessage(webSocketEvent('$default', 'chanConn=', binary ? { body: Buffer.from(body).toString('base64'), isBase64Encoded: true } : { body }));
        expect(response.statusCode).toBe(200);
        if (response.body !== undefined) {
          const frame = JSON.parse(response.body) as Record<string, unknown>;
          expect(typeof frame['event']).toBe('string');
          expect(typeof frame['data']).toBe('string');
        }
        expect(await registry.isSubscribed('9.9', 'presence-lobby')).toBe(true);
        expect(await registry.members('presence-lobby')).toContainEqual({ userId: 'bystander' });
      }),
      settings,
    );
  });

  it('SQS records for both workers: never a throw; bad records reported, good ones not', async () => {
    const wellFormedUser = fc.record({ userId: fc.constantFrom('fuzz', 'nobody', 'u'.repeat(MAX_USER_ID_LENGTH)), data: fc.jsonValue() }).map((m) => JSON.stringify(m));
    const wellFormedConnection = fc.record({ connectionId: fc.constantFrom('fuzzConn=', 'goneConn=', 'c'.repeat(MAX_CONNECTION_ID_LENGTH)), data: fc.jsonValue() }).map((m) => JSON.stringify(m));
    const records = fc.array(fc.oneof(fc.json(), fc.string({ maxLength: 100 }), fc.record({ userId: nasty, data: fc.jsonValue() }).map((m) => JSON.stringify(m)), fc.record({ connectionId: nasty, data: fc.jsonValue() }).map((m) => JSON.stringify(m)), wellFormedUser, wellFormedConnection), { minLength: 1, maxLength: 10 });
    const workers = [
      { handle: doors.notifyUser, wellFormed: (body: string) => hasIdAndData(body, 'userId', MAX_USER_ID_LENGTH) },
      { handle: doors.notifyConnection, wellFormed: (body: string) => hasIdAndData(body, 'connectionId', MAX_CONNECTION_ID_LENGTH) },
    ];
    const seen = { good: 0, bad: 0 };
    await fc.assert(
      fc.asyncProperty(records, async (bodies) => {
        for (const worker of workers) {
          const response = await worker.handle(sqsEvent(bodies));
          const failed = response.batchItemFailures.map((failure) => failure.itemIdentifier).sort();
          const malformed = bodies.flatMap((body, index) => (worker.wellFormed(body) ? [] : [`message-${index}`])).sort();
          expect(failed).toEqual(malformed);
          seen.bad += malformed.length;
          seen.good += bodies.length - malformed.length;
        }
      }),
      { ...settings, numRuns: Math.ceil(FUZZ_RUNS / 2) },
    );
    // Both kinds must have been exercised, or the equality above proves nothing.
    expect(seen.good).toBeGreaterThan(FUZZ_RUNS / 10);
    expect(seen.bad).toBeGreaterThan(FUZZ_RUNS / 10);
  });
});
