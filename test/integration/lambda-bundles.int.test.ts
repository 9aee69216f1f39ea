import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Pusher from 'pusher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socketIdOf } from '../../adapters/driven/apigateway/pusher-socket-ids.ts';
import { DynamoDbSubscriptionRegistry } from '../../adapters/driven/dynamodb/dynamodb-subscription-registry.ts';
import { bundleAll, LAMBDA_ENTRYPOINTS, type BuiltBundle } from '../../infrastructure/lambda-bundles.ts';
import { needsOf, settingsReadBy, type FunctionName, type StackChoices } from '../../manifest/functions.ts';
import { SETTINGS, type SecretName, type Setting, type SettingName } from '../../manifest/settings.ts';
import { authorizerEvent, formPost, httpEvent, sqsEvent, webSocketEvent } from '../support/lambda-events.ts';
import { closeServer, listenOnLoopback } from '../support/listen.ts';
import { startManagementApiStub } from '../support/management-api-stub.ts';
import { TEST_ENVIRONMENT } from '../support/test-environment.ts';
import { backend, backendLabel, createConnectionTable, createQueue, createRefreshTokenTable, createSubscriptionTable, createWebhookReplayTable, dynamoDbClients, sqsClient } from './support/aws-clients.ts';

type Handler = (event: unknown) => Promise<any>;
type Environment = Record<string, string>;

const CONNECT: StackChoices = { websocketAuthMode: 'connect', pusherBridge: false };
const ACTION: StackChoices = { websocketAuthMode: 'action', pusherBridge: false };
const BRIDGE: StackChoices = { websocketAuthMode: 'connect', pusherBridge: true };

const outputRoot = mkdtempSync(path.join(tmpdir(), 'pushgate-bundles-'));
const savedEnvironment = { ...process.env };
let bundles: BuiltBundle[];
let stub: Awaited<ReturnType<typeof startManagementApiStub>>;
/** The channels API's Management endpoint: another API, another stage. */
let channelsStub: Awaited<ReturnType<typeof startManagementApiStub>>;
/** The subscriptions table as the channels functions see it, for arranging sockets on channels. */
let subscriptions: DynamoDbSubscriptionRegistry;
let pusherApi: { port: number; requests: string[]; close: () => Promise<void> };
/** What Lambda and the test backend provide, beside the settings: credentials, endpoints. */
let platform: Environment;
/** A value for every setting a function may read, by variable. */
let values: Environment;
let coldStarts = 0;

/** A fresh cold start of the built bundle (a new module instance) with exactly `environment`, then one invocation. */
async function coldInvoke(entrypoint: FunctionName, environment: Environment, event: unknown): Promise<any> {
  process.env = { ...platform, ...environment };
  try {
    const url = `${pathToFileURL(path.join(outputRoot, entrypoint, 'index.mjs')).href}?cold-start=${++coldStarts}`;
    const { handler } = (await import(url)) as { handler: Handler };
    return await handler(event);
  } finally {
    process.env = { ...savedEnvironment };
  }
}

/** Exactly the variables the declaration hands `name` on a stack with `choices`, less `without`. */
function declaredEnvironment(name: FunctionName, choices: StackChoices, without?: SettingName): Environment {
  const environment: Environment = {};
  for (const settingName of settingsReadBy(needsOf(name, choices))) {
    const setting: Setting = SETTINGS[settingName];
    if (settingName === without || setting.env === undefined) continue;
    const value = settingName === 'websocketAuthMode' ? choices.websocketAuthMode : settingName === 'pusherBridge' ? (choices.pusherBridge ? 'on' : 'off') : values[setting.env];
    if (value !== undefined) environment[setting.env] = value;
  }
  return environment;
}

function invoke(name: FunctionName, choices: StackChoices, event: unknown, without?: SettingName): Promise<any> {
  return coldInvoke(name, declaredEnvironment(name, choices, without), event);
}

async function accessToken(channels?: string): Promise<string> {
  const basic = `Basic ${Buffer.from('test-key:test-secret').toString('base64')}`;
  const response = await invoke('http-token', CONNECT, formPost('/token', { grant_type: 'client_credentials', user_id: 'alice', ...(channels === undefined ? {} : { channels }) }, { authorization: basic }));
  return JSON.parse(response.body).access_token;
}

beforeAll(async () => {
  bundles = await bundleAll(outputRoot);
  stub = await startManagementApiStub();
  channelsStub = await startManagementApiStub({ stage: 'channels' });
  // Stands in for Pusher's HTTP API, so the bridge's sendToUser has somewhere to go.
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url?.split('?')[0]}`);
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  const port = Number(new URL(await listenOnLoopback(server)).port);
  pusherApi = { port, requests, close: () => closeServer(server) };
  const clients = dynamoDbClients();
  platform = {
    AWS_REGION: backend().region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: backend().dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: backend().sqsEndpoint,
    POWERTOOLS_METRICS_DISABLED: 'true',
    PUSHER_HOST: '127.0.0.1',
    PUSHER_PORT: String(port),
    PUSHER_USE_TLS: 'false',
  };
  values = {
    ...TEST_ENVIRONMENT,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    CONNECTIONS_TABLE: await createConnectionTable(clients.raw),
    REFRESH_TOKENS_TABLE: await createRefreshTokenTable(clients.raw),
    WEBHOOK_REPLAYS_TABLE: await createWebhookReplayTable(clients.raw),
    SUBSCRIPTIONS_TABLE: await createSubscriptionTable(clients.raw),
    MANAGEMENT_ENDPOINT: `${stub.endpoint}/staging`,
    CHANNELS_MANAGEMENT_ENDPOINT: `${channelsStub.endpoint}/channels`,
    NOTIFY_CONNECTION_QUEUE_URL: await createQueue(sqsClient()),
    WEBHOOK_EVENTS_QUEUE_URL: await createQueue(sqsClient()),
  };
  subscriptions = new DynamoDbSubscriptionRegistry(clients.document, values['SUBSCRIPTIONS_TABLE']!, { clock: { now: () => Date.now() } });
}, 120_000);

afterAll(async () => {
  process.env = savedEnvironment;
  await stub.stop();
  await channelsStub.stop();
  await pusherApi.close();
  rmSync(outputRoot, { recursive: true, force: true });
});

describe(`the built Lambda bundles, against ${backendLabel()}`, () => {
  it('exist for every entrypoint, minified ESM with source maps', () => {
    expect(bundles.map((bundle) => bundle.entrypoint)).toEqual([...LAMBDA_ENTRYPOINTS]);
    for (const bundle of bundles) {
      console.log(`[bundle] ${bundle.entrypoint}: ${(bundle.bytes / 1024).toFixed(1)} KB`);
      expect(bundle.bytes).toBeGreaterThan(10_000);
    }
  });

  it('issue a token, authorize a channel, connect, route a ping and fan out, each through its own bundle and only its declared environment', async () => {
    const basic = `Basic ${Buffer.from('test-key:test-secret').toString('base64')}`;
    const tokenResponse = await invoke('http-token', CONNECT, formPost('/token', { grant_type: 'client_credentials', user_id: 'alice' }, { authorization: basic }));
    expect(tokenResponse.statusCode).toBe(200);
    const { access_token: token } = JSON.parse(tokenResponse.body);

    const authResponse = await invoke('http-pusher-auth', CONNECT, formPost('/pusher/auth', { socket_id: '1.2', channel_name: 'private-user-alice' }, { authorization: `Bearer ${token}` }));
    expect(authResponse.statusCode).toBe(200);
    expect(JSON.parse(authResponse.body).auth).toMatch(/^test-key:/);

    const allowed = await invoke('ws-authorizer', CONNECT, authorizerEvent({ token }));
    expect(allowed.context.userId).toBe('alice');

    const connectionId = stub.open();
    expect(await invoke('ws-connect', CONNECT, webSocketEvent('$connect', connectionId, { userId: 'alice' }))).toEqual({ statusCode: 200 });
    expect(await invoke('ws-message', CONNECT, webSocketEvent('ping', connectionId, { body: '{"action":"ping"}' }))).toEqual({ statusCode: 200 });
    expect(stub.received(connectionId)).toEqual(['{"type":"pong"}']);

    expect(await invoke('queue-notify-user', CONNECT, sqsEvent([JSON.stringify({ userId: 'alice', data: { n: 1 } })]))).toEqual({ batchItemFailures: [] });
    expect(stub.received(connectionId)).toEqual(['{"type":"pong"}', '{"n":1}']);

    const callsBeforeDisconnect = stub.calls.length;
    stub.close(connectionId);
    expect(await invoke('ws-disconnect', CONNECT, webSocketEvent('$disconnect', connectionId))).toEqual({ statusCode: 200 });
    expect(await invoke('queue-notify-connection', CONNECT, sqsEvent([JSON.stringify({ connectionId, data: 'late' })], 'NotifyConnection'))).toEqual({ batchItemFailures: [] });
    // The late message found the connection gone (410) and was counted as handled, not retried.
    expect(stub.calls.slice(callsBeforeDisconnect)).toEqual([{ method: 'POST', connectionId }]);

    // Revoking a user closes their connections through the Management API, from the http-token bundle.
    const revokedConnection = stub.open();
    await invoke('ws-connect', CONNECT, webSocketEvent('$connect', revokedConnection, { userId: 'carol' }));
    expect((await invoke('http-token', CONNECT, formPost('/token/revoke', { user_id: 'carol' }, { authorization: basic }))).statusCode).toBe(200);
    expect(stub.calls.at(-1)).toEqual({ method: 'DELETE', connectionId: revokedConnection });
    // …and their Pusher sockets, through the Pusher HTTP API (the pusher package, loaded for this call only).
    expect(pusherApi.requests).toContain(`POST /apps/${TEST_ENVIRONMENT['PUSHER_APP_ID']}/users/carol/terminate_connections`);
  });
});

// Requests to the Pusher HTTP API, signed by the `pusher` package as it signs what it sends.
const { createSignedQueryString } = createRequire(import.meta.url)('pusher/lib/requests.js') as {
  createSignedQueryString(token: unknown, request: { method: string; path: string; params?: Record<string, string>; body?: string }): string;
};
function pusherApiRequest(method: string, route: string, body?: unknown) {
  const token = (new Pusher({ appId: TEST_ENVIRONMENT['PUSHER_APP_ID']!, key: 'test-key', secret: 'test-secret', host: '127.0.0.1' }) as unknown as { config: { token: unknown } }).config.token;
  const path = `/apps/${TEST_ENVIRONMENT['PUSHER_APP_ID']}${route}`;
  const text = body === undefined ? undefined : JSON.stringify(body);
  const query = createSignedQueryString(token, { method, path, ...(text === undefined ? {} : { body: text }) });
  return httpEvent({ method, path, query, ...(text === undefined ? {} : { body: text, headers: { 'content-type': 'application/json' } }) });
}

describe('the Pusher HTTP API bundle (http-pusher-api), over the subscriptions table and the channels API', () => {
  it('publishes to a channel, describes it, and terminates a user, each call through the channels API', async () => {
    const connectionId = channelsStub.open();
    const socketId = socketIdOf(connectionId);
    await subscriptions.add(socketId, 'presence-room', { userId: 'dora' });
    await subscriptions.signIn(socketId, 'dora');
    const callsToTheWebSocketApi = stub.calls.length;

    const published = await invoke('http-pusher-api', CONNECT, pusherApiRequest('POST', '/events', { name: 'greeting', channels: ['presence-room'], data: 'hi' }));
    expect(published.statusCode).toBe(200);
    expect(channelsStub.received(connectionId).map((frame) => JSON.parse(frame))).toEqual([{ event: 'greeting', channel: 'presence-room', data: 'hi' }]);
    // Nothing went to the other WebSocket API.
    expect(stub.calls.length).toBe(callsToTheWebSocketApi);

    const described = await invoke('http-pusher-api', CONNECT, pusherApiRequest('GET', '/channels/presence-room'));
    expect(JSON.parse(described.body)).toEqual({ occupied: true });
    const users = await invoke('http-pusher-api', CONNECT, pusherApiRequest('GET', '/channels/presence-room/users'));
    expect(JSON.parse(users.body)).toEqual({ users: [{ id: 'dora' }] });

    expect((await invoke('http-pusher-api', CONNECT, pusherApiRequest('POST', '/users/dora/terminate_connections', {}))).statusCode).toBe(200);
    expect(channelsStub.calls.at(-1)).toEqual({ method: 'DELETE', connectionId });
  });
});

/** One invocation per function that uses every secret the function is declared to read. */
interface RepresentativeCase {
  readonly name: FunctionName;
  readonly choices: StackChoices;
  readonly label: string;
  /** Invokes (cold) with the declared environment less `without`; returns whether it did its job. */
  readonly run: (without?: SettingName) => Promise<boolean>;
}

const webhookBody = () => JSON.stringify({ time_ms: Date.now(), events: [{ name: 'channel_occupied', channel: 'private-a' }] });
const signed = (body: string) => createHmac('sha256', TEST_ENVIRONMENT['PUSHER_SECRET']!).update(body).digest('hex');

const CASES: readonly RepresentativeCase[] = [
  {
    name: 'ws-authorizer', choices: CONNECT, label: 'allows a valid ?token=',
    run: async (without) => (await invoke('ws-authorizer', CONNECT, authorizerEvent({ token: await accessToken() }), without))?.context?.userId === 'alice',
  },
  {
    name: 'ws-connect', choices: CONNECT, label: 'registers a connection',
    run: async (without) => (await invoke('ws-connect', CONNECT, webSocketEvent('$connect', stub.open(), { userId: 'alice' }), without))?.statusCode === 200,
  },
  {
    name: 'ws-disconnect', choices: CONNECT, label: 'forgets a connection',
    run: async (without) => (await invoke('ws-disconnect', CONNECT, webSocketEvent('$disconnect', stub.open()), without))?.statusCode === 200,
  },
  {
    name: 'ws-message', choices: CONNECT, label: 'answers a ping (connect mode)',
    run: async (without) => {
      const connectionId = stub.open();
      await invoke('ws-connect', CONNECT, webSocketEvent('$connect', connectionId, { userId: 'alice' }));
      await invoke('ws-message', CONNECT, webSocketEvent('ping', connectionId, { body: '{"action":"ping"}' }), without);
      return stub.received(connectionId).includes('{"type":"pong"}');
    },
  },
  {
    name: 'ws-message', choices: ACTION, label: 'authorizes a connection by message (action mode)',
    run: async (without) => {
      const connectionId = stub.open();
      await invoke('ws-connect', ACTION, webSocketEvent('$connect', connectionId));
      await invoke('ws-message', ACTION, webSocketEvent('authorize', connectionId, { body: JSON.stringify({ action: 'authorize', token: await accessToken() }) }), without);
      return stub.received(connectionId).includes('{"type":"authorized","userId":"alice"}');
    },
  },
  {
    name: 'http-token', choices: CONNECT, label: 'issues a token to the trusted client',
    run: async (without) => {
      const basic = `Basic ${Buffer.from('test-key:test-secret').toString('base64')}`;
      return (await invoke('http-token', CONNECT, formPost('/token', { grant_type: 'client_credentials', user_id: 'alice' }, { authorization: basic }), without))?.statusCode === 200;
    },
  },
  {
    name: 'http-pusher-auth', choices: CONNECT, label: 'authorizes an encrypted channel',
    run: async (without) => {
      const token = await accessToken('private-encrypted-*');
      const response = await invoke('http-pusher-auth', CONNECT, formPost('/pusher/auth', { socket_id: '1.2', channel_name: 'private-encrypted-chat' }, { authorization: `Bearer ${token}` }), without);
      return response?.statusCode === 200 && typeof JSON.parse(response.body).shared_secret === 'string';
    },
  },
  {
    name: 'http-pusher-user-auth', choices: CONNECT, label: 'signs a user in',
    run: async (without) => {
      const token = await accessToken();
      return (await invoke('http-pusher-user-auth', CONNECT, formPost('/pusher/user-auth', { socket_id: '1.2' }, { authorization: `Bearer ${token}` }), without))?.statusCode === 200;
    },
  },
  {
    name: 'http-pusher-webhook', choices: CONNECT, label: 'accepts a signed webhook',
    run: async (without) => {
      const body = webhookBody();
      const event = httpEvent({ method: 'POST', path: '/pusher/webhook', headers: { 'content-type': 'application/json', 'x-pusher-key': 'test-key', 'x-pusher-signature': signed(body) }, body });
      return (await invoke('http-pusher-webhook', CONNECT, event, without))?.statusCode === 200;
    },
  },
  ...[CONNECT, BRIDGE].map((choices): RepresentativeCase => ({
    name: 'queue-notify-user', choices, label: `fans a notification out${choices.pusherBridge ? ' and to Pusher (bridge on)' : ''}`,
    run: async (without) => {
      const connectionId = stub.open();
      await invoke('ws-connect', choices, webSocketEvent('$connect', connectionId, { userId: 'bob' }));
      const toPusher = pusherApi.requests.length;
      const result = await invoke('queue-notify-user', choices, sqsEvent([JSON.stringify({ userId: 'bob', data: 'hello' })]), without);
      const bridged = pusherApi.requests.slice(toPusher).includes('POST /apps/1/events');
      return result?.batchItemFailures?.length === 0 && stub.received(connectionId).includes('hello') && bridged === choices.pusherBridge;
    },
  })),
  {
    name: 'http-pusher-api', choices: CONNECT, label: 'publishes a signed event to a subscriber',
    run: async (without) => {
      const connectionId = channelsStub.open();
      await subscriptions.add(socketIdOf(connectionId), 'news');
      const response = await invoke('http-pusher-api', CONNECT, pusherApiRequest('POST', '/events', { name: 'headline', channels: ['news'], data: 'x' }), without);
      return response?.statusCode === 200 && channelsStub.received(connectionId).length === 1;
    },
  },
  {
    name: 'queue-notify-connection', choices: CONNECT, label: 'delivers to one connection',
    run: async (without) => {
      const connectionId = stub.open();
      const result = await invoke('queue-notify-connection', CONNECT, sqsEvent([JSON.stringify({ connectionId, data: 'direct' })], 'NotifyConnection'), without);
      return result?.batchItemFailures?.length === 0 && stub.received(connectionId).includes('direct');
    },
  },
];

/** What a run came to: done, not done, or the error it threw (a cold start that failed). */
async function outcome(run: () => Promise<boolean>): Promise<{ done: boolean; error?: string }> {
  try {
    return { done: await run() };
  } catch (error) {
    return { done: false, error: String(error) };
  }
}

describe('each function gets exactly the secrets it reads (manifest/functions.ts)', () => {
  it('has a representative invocation for every function', () => {
    expect([...new Set(CASES.map((testCase) => testCase.name))].sort()).toEqual([...LAMBDA_ENTRYPOINTS].sort());
  });

  for (const testCase of CASES) {
    const secrets: readonly SecretName[] = needsOf(testCase.name, testCase.choices).secrets;
    const mode = `${testCase.choices.websocketAuthMode} mode, bridge ${testCase.choices.pusherBridge ? 'on' : 'off'}`;

    it(`${testCase.name} (${mode}) ${testCase.label} with exactly its declared secrets: ${secrets.join(', ') || 'none'}`, async () => {
      expect(await outcome(() => testCase.run())).toEqual({ done: true });
    });

    for (const secret of secrets) {
      const variable = SETTINGS[secret].env;
      it(`${testCase.name} (${mode}) fails without ${variable}${SETTINGS[secret].required ? ', naming it' : ''}`, async () => {
        const result = await outcome(() => testCase.run(secret));
        expect(result.done).toBe(false);
        // An optional secret turns its feature off (the refusal says so); a required one fails the cold start by name.
        if (SETTINGS[secret].required) expect(result.error).toContain(`${variable} is required by this function`);
      });
    }
  }
});
