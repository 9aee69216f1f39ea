import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Pusher from 'pusher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socketIdOf } from '../../domain/channels/socket-id.ts';
import { DynamoDbSubscriptionRegistry } from '../../adapters/driven/dynamodb/dynamodb-subscription-registry.ts';
import { HANDSHAKE_RETRY } from '../../adapters/driving/lambda/channels-handshake.ts';
import type { WebSocketEvent } from '../../adapters/driving/lambda/websocket-event.ts';
import { MAX_CHUNK_SOCKETS } from '../../domain/realtime/channel-delivery-chunk.ts';
import { CHANNEL_INLINE_LIMIT } from '../../domain/realtime/channel-fan-out.ts';
import { mapWithConcurrency } from '../../domain/shared/map-with-concurrency.ts';
import { bundleAll, LAMBDA_ENTRYPOINTS, type BuiltBundle } from '../../infrastructure/lambda-bundles.ts';
import { deployedFunctionName, needsOf, settingsReadBy, type FunctionName, type StackChoices } from '../../manifest/functions.ts';
import { SETTINGS, type SecretName, type Setting, type SettingName } from '../../manifest/settings.ts';
import { CHANNELS_MESSAGE_ROUTES } from '../../manifest/websocket-routes.ts';
import { authorizerEvent, formPost, httpEvent, sqsEvent, webSocketEvent } from '../support/lambda-events.ts';
import { closeServer, listenOnLoopback } from '../support/listen.ts';
import { startLambdaInvokeStub, type RecordedInvocation } from '../support/lambda-invoke-stub.ts';
import { startManagementApiStub } from '../support/management-api-stub.ts';
import { TEST_ENVIRONMENT } from '../support/test-environment.ts';
import { startWireTap } from '../support/wire-tap.ts';
import { backend, backendLabel, createConnectionTable, createQueue, createRefreshTokenTable, createSubscriptionTable, createWebhookReplayTable, dynamoDbClients, sqsClient } from './support/aws-clients.ts';

type Handler = (event: unknown) => Promise<any>;
type Environment = Record<string, string>;

const CONNECT: StackChoices = { websocketAuthMode: 'connect', pusherBridge: false, channels: 'both' };
const ACTION: StackChoices = { websocketAuthMode: 'action', pusherBridge: false, channels: 'both' };
const BRIDGE: StackChoices = { websocketAuthMode: 'connect', pusherBridge: true, channels: 'both' };
/** What channels-connect is told to invoke, named as the stack names it. */
const HANDSHAKE_FUNCTION = deployedFunctionName('bundles', 'channels-handshake');

const outputRoot = mkdtempSync(path.join(tmpdir(), 'pushgate-bundles-'));
const savedEnvironment = { ...process.env };
let bundles: BuiltBundle[];
let stub: Awaited<ReturnType<typeof startManagementApiStub>>;
/** The channels API's Management endpoint: another API, another stage. */
let channelsStub: Awaited<ReturnType<typeof startManagementApiStub>>;
/** Lambda's Invoke API, where channels-connect hands each new socket to channels-handshake. */
let lambdaStub: Awaited<ReturnType<typeof startLambdaInvokeStub>>;
/** In front of the channels stub, for frames it forgets once their connection is deleted. */
let channelsTap: Awaited<ReturnType<typeof startWireTap>>;
/** The subscriptions table as the channels functions see it, for arranging sockets on channels. */
let subscriptions: DynamoDbSubscriptionRegistry;
/** The same table item by item, to see everything a socket left behind. */
let documentClient: DynamoDBDocumentClient;
let pusherApi: { port: number; requests: string[]; close: () => Promise<void> };
/** The app's webhook endpoint: what queue-app-webhooks posts. */
let appHooks: { url: string; bodies: string[]; close: () => Promise<void> };
let hookCases = 0;
/** What Lambda and the test backend provide, beside the settings: credentials, endpoints. */
let platform: Environment;
/** A value for every setting a function may read, by variable. */
let values: Environment;
let coldStarts = 0;
/** The bundle being invoked and the stack choices it was configured for, for the taps in front of DynamoDB and SQS to say whose call each was. */
let invoking: { readonly name: FunctionName; readonly choices: StackChoices } | undefined;
/** In front of DynamoDB and SQS: every call a bundle makes, to hold it to its role's grants. */
let dynamoDbTap: Awaited<ReturnType<typeof startWireTap>>;
let sqsTap: Awaited<ReturnType<typeof startWireTap>>;

/** A fresh cold start of the built bundle (a new module instance) with exactly `environment`, then one invocation. */
async function coldInvoke(entrypoint: FunctionName, environment: Environment, event: unknown, choices: StackChoices = CONNECT): Promise<any> {
  process.env = { ...platform, ...environment };
  invoking = { name: entrypoint, choices };
  try {
    const url = `${pathToFileURL(path.join(outputRoot, entrypoint, 'index.mjs')).href}?cold-start=${++coldStarts}`;
    const { handler } = (await import(url)) as { handler: Handler };
    return await handler(event);
  } finally {
    process.env = { ...savedEnvironment };
    invoking = undefined;
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

/** One cold start of the built bundle, then every event at once through that instance (standing in for as many instances). */
async function coldInvokeAtOnce(entrypoint: FunctionName, environment: Environment, events: readonly unknown[], choices: StackChoices = CONNECT): Promise<any[]> {
  process.env = { ...platform, ...environment };
  invoking = { name: entrypoint, choices };
  try {
    const url = `${pathToFileURL(path.join(outputRoot, entrypoint, 'index.mjs')).href}?cold-start=${++coldStarts}`;
    const { handler } = (await import(url)) as { handler: Handler };
    return await Promise.all(events.map((event) => handler(event)));
  } finally {
    process.env = { ...savedEnvironment };
    invoking = undefined;
  }
}

function invoke(name: FunctionName, choices: StackChoices, event: unknown, without?: SettingName): Promise<any> {
  return coldInvoke(name, declaredEnvironment(name, choices, without), event, choices);
}

async function accessToken(channels?: string): Promise<string> {
  const basic = `Basic ${Buffer.from('test-key:test-secret').toString('base64')}`;
  const response = await invoke('http-token', CONNECT, formPost('/token', { grant_type: 'client_credentials', user_id: 'alice', ...(channels === undefined ? {} : { channels }) }, { authorization: basic }));
  return JSON.parse(response.body).access_token;
}

/** The SQS client sends each call to its queue's URL, not to the configured endpoint: the functions get URLs on the tap. */
function throughSqsTap(queueUrl: string): string {
  return queueUrl.replace(new URL(queueUrl).origin, sqsTap.endpoint);
}

beforeAll(async () => {
  bundles = await bundleAll(outputRoot);
  stub = await startManagementApiStub();
  channelsStub = await startManagementApiStub({ stage: 'channels' });
  channelsTap = await startWireTap(channelsStub.endpoint);
  lambdaStub = await startLambdaInvokeStub();
  // Stands in for Pusher's HTTP API, so the bridge's sendToUser has somewhere to go.
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url?.split('?')[0]}`);
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  const port = Number(new URL(await listenOnLoopback(server)).port);
  pusherApi = { port, requests, close: () => closeServer(server) };
  const bodies: string[] = [];
  const hooks = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(200).end();
    });
  });
  appHooks = { url: `${await listenOnLoopback(hooks)}/hooks`, bodies, close: () => closeServer(hooks) };
  const clients = dynamoDbClients();
  const label = () => (invoking === undefined ? undefined : JSON.stringify(invoking));
  dynamoDbTap = await startWireTap(backend().dynamodbEndpoint, { label });
  sqsTap = await startWireTap(backend().sqsEndpoint, { label });
  platform = {
    AWS_REGION: backend().region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbTap.endpoint,
    AWS_ENDPOINT_URL_SQS: sqsTap.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: lambdaStub.endpoint,
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
    NOTIFY_CONNECTION_QUEUE_URL: throughSqsTap(await createQueue(sqsClient())),
    WEBHOOK_EVENTS_QUEUE_URL: throughSqsTap(await createQueue(sqsClient())),
    CHANNEL_FAN_OUT_QUEUE_URL: throughSqsTap(await createQueue(sqsClient())),
    CHANNELS_HANDSHAKE_FUNCTION: HANDSHAKE_FUNCTION,
    APP_WEBHOOK_QUEUE_URL: throughSqsTap(await createQueue(sqsClient())),
    PUSHER_WEBHOOK_URL: appHooks.url,
  };
  documentClient = clients.document;
  subscriptions = new DynamoDbSubscriptionRegistry(clients.document, values['SUBSCRIPTIONS_TABLE']!, { clock: { now: () => Date.now() } });
}, 120_000);

afterAll(async () => {
  process.env = savedEnvironment;
  await stub.stop();
  await channelsTap.stop();
  await dynamoDbTap.stop();
  await sqsTap.stop();
  await channelsStub.stop();
  await lambdaStub.stop();
  await pusherApi.close();
  await appHooks.close();
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

// The channels API as pusher-js meets it. The `pusher` package is the oracle for channel auth.
const pusherOracle = new Pusher({ appId: TEST_ENVIRONMENT['PUSHER_APP_ID']!, key: 'test-key', secret: 'test-secret', host: '127.0.0.1' });

interface ReceivedFrame {
  readonly event: string;
  readonly channel?: string;
  readonly data?: unknown;
  readonly user_id?: string;
}

/** A Pusher frame, its `data` (a JSON string on the wire) decoded as pusher-js decodes it: JSON if it parses, else the string. */
function decodeFrame(text: string): ReceivedFrame {
  const frame = JSON.parse(text) as ReceivedFrame;
  if (typeof frame.data !== 'string') return frame;
  try {
    return { ...frame, data: JSON.parse(frame.data) };
  } catch {
    return frame;
  }
}

/** What a socket received through the channels API's `@connections`, from its `from`th frame on. */
function framesTo(connectionId: string, from = 0): ReceivedFrame[] {
  return channelsStub.received(connectionId).slice(from).map(decodeFrame);
}

/** pusher-js's `$connect` (`/app/<key>?protocol=7…`), once the front door has moved the key into the query. */
function channelsConnectEvent(connectionId: string, query: Record<string, string>): WebSocketEvent {
  return { ...webSocketEvent('$connect', connectionId), queryStringParameters: query };
}

/** A frame from pusher-js, on the route API Gateway selects by its `event` (`$default` for those without one). */
function channelsMessageEvent(connectionId: string, frame: { event: string; channel?: string; data?: unknown }): WebSocketEvent {
  const routeKey = (CHANNELS_MESSAGE_ROUTES as readonly string[]).includes(frame.event) ? frame.event : '$default';
  return webSocketEvent(routeKey, connectionId, { body: JSON.stringify(frame) });
}

/** A `$connect` through the channels-connect bundle; the one Invoke it made. */
async function connectThroughChannelsConnect(connectionId: string, query: Record<string, string>): Promise<RecordedInvocation> {
  const before = lambdaStub.invocations.length;
  expect(await invoke('channels-connect', CONNECT, channelsConnectEvent(connectionId, query))).toEqual({ statusCode: 200 });
  const made = lambdaStub.invocations.slice(before);
  expect(made).toHaveLength(1);
  return made[0]!;
}

/** A socket connected and greeted through the two bundles, with the socket id its greeting gave it. */
async function greetedSocket(): Promise<{ readonly connectionId: string; readonly socketId: string }> {
  const connectionId = channelsStub.open();
  const handshake = await connectThroughChannelsConnect(connectionId, { app_key: 'test-key', protocol: '7' });
  expect(await invoke('channels-handshake', CONNECT, handshake.payload)).toEqual({ outcome: 'established' });
  const [greeting] = framesTo(connectionId);
  expect(greeting?.event).toBe('pusher:connection_established');
  return { connectionId, socketId: (greeting?.data as { socket_id: string }).socket_id };
}

/** `pusher:subscribe` through the channels-message bundle, signed as an auth endpoint signs it; the route response's frame. */
async function subscribe(socket: { readonly connectionId: string; readonly socketId: string }, channel: string, member?: Pusher.PresenceChannelData): Promise<ReceivedFrame> {
  const auth = channel.startsWith('private-') || channel.startsWith('presence-') ? pusherOracle.authorizeChannel(socket.socketId, channel, member) : {};
  const response = await invoke('channels-message', CONNECT, channelsMessageEvent(socket.connectionId, { event: 'pusher:subscribe', data: { channel, ...auth } }));
  expect(response.statusCode).toBe(200);
  return decodeFrame(response.body);
}

/** Every item of the subscriptions table that names the socket (in a key, an attribute's name or its value). */
async function itemsNaming(socketId: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(new ScanCommand({ TableName: values['SUBSCRIPTIONS_TABLE'], ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items.filter((item) => JSON.stringify(item).includes(`"${socketId}"`) || JSON.stringify(item).includes(`"socket#${socketId}"`));
}

/** The channel fan-out queue's chunks for `channel`, taken off the queue as the event source mapping takes them. */
async function takeFanOutChunks(channel: string, expected: number): Promise<string[]> {
  const sqs = sqsClient();
  const queueUrl = values['CHANNEL_FAN_OUT_QUEUE_URL']!;
  const bodies: string[] = [];
  const receive = async (waitSeconds: number) => {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: waitSeconds }));
    if (Messages.length > 0) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })) }));
    return Messages.map((message) => message.Body ?? '').filter((body) => (JSON.parse(body) as { message?: { channel?: string } }).message?.channel === channel);
  };
  for (let round = 0; round < 20 && bodies.length < expected; round += 1) bodies.push(...(await receive(1)));
  // Nothing more for the channel than expected.
  bodies.push(...(await receive(0)));
  return bodies;
}

describe('the channels bundles: the Pusher protocol from API Gateway events, over the subscriptions table, the channels API and Lambda Invoke', () => {
  const suffix = randomUUID().slice(0, 8);

  it("a pusher client's life at the Lambda level", async () => {
    const lobby = `lobby-${suffix}`;
    const room = `presence-room-${suffix}`;
    const chat = `private-chat-${suffix}`;

    // $connect: the key and protocol checked, the greeting handed to channels-handshake by an asynchronous Invoke.
    const firstConnection = channelsStub.open();
    const handshake = await connectThroughChannelsConnect(firstConnection, { app_key: 'test-key', protocol: '7' });
    expect(handshake).toEqual({ functionName: HANDSHAKE_FUNCTION, invocationType: 'Event', payload: { connectionId: firstConnection } });
    expect(framesTo(firstConnection)).toEqual([]);

    // Lambda runs channels-handshake with that payload: the socket's first frame.
    expect(await invoke('channels-handshake', CONNECT, handshake.payload)).toEqual({ outcome: 'established' });
    expect(framesTo(firstConnection)).toEqual([
      { event: 'pusher:connection_established', data: { socket_id: expect.stringMatching(/^\d+\.\d+$/), activity_timeout: SETTINGS.activityTimeoutSeconds.default } },
    ]);
    const first = { connectionId: firstConnection, socketId: (framesTo(firstConnection)[0]!.data as { socket_id: string }).socket_id };
    expect(first.socketId).toBe(socketIdOf(firstConnection));

    // Answers are route responses: the frame comes back as the body, not through @connections.
    const pong = await invoke('channels-message', CONNECT, channelsMessageEvent(first.connectionId, { event: 'pusher:ping', data: {} }));
    expect(decodeFrame(pong.body)).toEqual({ event: 'pusher:pong', data: {} });
    expect(await subscribe(first, lobby)).toEqual({ event: 'pusher_internal:subscription_succeeded', channel: lobby, data: {} });
    expect(await subscribe(first, room, { user_id: 'alice', user_info: { name: 'Alice' } })).toEqual({
      event: 'pusher_internal:subscription_succeeded',
      channel: room,
      data: { presence: { ids: ['alice'], hash: { alice: { name: 'Alice' } }, count: 1 } },
    });
    expect(await subscribe(first, chat)).toEqual({ event: 'pusher_internal:subscription_succeeded', channel: chat, data: {} });
    expect(framesTo(first.connectionId)).toHaveLength(1);

    // A second socket joins the presence channel: the first hears of it through the channels API.
    const second = await greetedSocket();
    expect(second.socketId).not.toBe(first.socketId);
    let firstSeen = framesTo(first.connectionId).length;
    expect(await subscribe(second, lobby)).toEqual({ event: 'pusher_internal:subscription_succeeded', channel: lobby, data: {} });
    const joined = await subscribe(second, room, { user_id: 'bob', user_info: { name: 'Bob' } });
    expect(joined).toEqual({
      event: 'pusher_internal:subscription_succeeded',
      channel: room,
      data: { presence: { ids: expect.arrayContaining(['alice', 'bob']), hash: { alice: { name: 'Alice' }, bob: { name: 'Bob' } }, count: 2 } },
    });
    expect(await subscribe(second, chat)).toEqual({ event: 'pusher_internal:subscription_succeeded', channel: chat, data: {} });
    expect(framesTo(first.connectionId, firstSeen)).toEqual([{ event: 'pusher_internal:member_added', channel: room, data: { user_id: 'bob', user_info: { name: 'Bob' } } }]);
    // The joiner is told nothing but its greeting: the member list came in its route response.
    expect(framesTo(second.connectionId)).toHaveLength(1);

    // A publish through the Pusher HTTP API bundle reaches both.
    firstSeen = framesTo(first.connectionId).length;
    let secondSeen = framesTo(second.connectionId).length;
    const published = await invoke('http-pusher-api', CONNECT, pusherApiRequest('POST', '/events', { name: 'announcement', channels: [lobby], data: JSON.stringify({ text: 'hello' }) }));
    expect(published.statusCode).toBe(200);
    for (const [socket, seen] of [[first, firstSeen], [second, secondSeen]] as const) {
      expect(framesTo(socket.connectionId, seen)).toEqual([{ event: 'announcement', channel: lobby, data: { text: 'hello' } }]);
    }

    // A client event on the private channel reaches the other socket only.
    firstSeen = framesTo(first.connectionId).length;
    secondSeen = framesTo(second.connectionId).length;
    expect(await invoke('channels-message', CONNECT, channelsMessageEvent(first.connectionId, { event: 'client-typing', channel: chat, data: { typing: true } }))).toEqual({ statusCode: 200 });
    expect(framesTo(second.connectionId, secondSeen)).toEqual([{ event: 'client-typing', channel: chat, data: { typing: true } }]);
    expect(framesTo(first.connectionId, firstSeen)).toEqual([]);

    // The second socket goes: the first hears the member leave, and the table forgets the socket.
    expect(await itemsNaming(second.socketId)).not.toEqual([]);
    firstSeen = framesTo(first.connectionId).length;
    channelsStub.close(second.connectionId);
    expect(await invoke('channels-disconnect', CONNECT, webSocketEvent('$disconnect', second.connectionId))).toEqual({ statusCode: 200 });
    expect(framesTo(first.connectionId, firstSeen)).toEqual([{ event: 'pusher_internal:member_removed', channel: room, data: { user_id: 'bob' } }]);
    expect(await itemsNaming(second.socketId)).toEqual([]);
    expect(await itemsNaming(first.socketId)).not.toEqual([]);
  });

  it('cache channels, subscription counts, the client-event rate and the refusal after terminate_connections, at the Lambda level', async () => {
    const board = `private-cache-board-${suffix}`;
    const first = await greetedSocket();
    const second = await greetedSocket();
    const counting = { ...declaredEnvironment('channels-message', CONNECT), SUBSCRIPTION_COUNT_EVENTS: 'on' };
    const subscribeEvent = (socket: typeof first) => channelsMessageEvent(socket.connectionId, { event: 'pusher:subscribe', data: { channel: board, ...pusherOracle.authorizeChannel(socket.socketId, board) } });

    // Nothing published yet: subscription_succeeded, then pusher:cache_miss, then the count, all through @connections and in order.
    expect(await coldInvoke('channels-message', counting, subscribeEvent(first))).toEqual({ statusCode: 200 });
    expect(framesTo(first.connectionId, 1)).toEqual([
      { event: 'pusher_internal:subscription_succeeded', channel: board, data: {} },
      { event: 'pusher:cache_miss', channel: board, data: {} },
      { event: 'pusher_internal:subscription_count', channel: board, data: { subscription_count: 1 } },
    ]);

    // Published through the HTTP API bundle: kept, and replayed to the next subscriber; the first hears the new count.
    expect((await invoke('http-pusher-api', CONNECT, pusherApiRequest('POST', '/events', { name: 'state', channels: [board], data: JSON.stringify({ v: 1 }) }))).statusCode).toBe(200);
    expect(await coldInvoke('channels-message', counting, subscribeEvent(second))).toEqual({ statusCode: 200 });
    expect(framesTo(second.connectionId, 1)).toEqual([
      { event: 'pusher_internal:subscription_succeeded', channel: board, data: {} },
      { event: 'state', channel: board, data: { v: 1 } },
      { event: 'pusher_internal:subscription_count', channel: board, data: { subscription_count: 2 } },
    ]);
    expect(framesTo(first.connectionId).at(-1)).toEqual({ event: 'pusher_internal:subscription_count', channel: board, data: { subscription_count: 2 } });

    // The webhook worker, with counts on, tells the app the channel is occupied and counts 2.
    const hooked = { ...declaredEnvironment('queue-app-webhooks', CONNECT), SUBSCRIPTION_COUNT_EVENTS: 'on' };
    const hooksBefore = appHooks.bodies.length;
    expect(await coldInvoke('queue-app-webhooks', hooked, sqsEvent([JSON.stringify({ kind: 'occupancy', channel: board })], 'AppWebhooks'))).toEqual({ batchItemFailures: [] });
    expect(appHooks.bodies.slice(hooksBefore).flatMap((body) => (JSON.parse(body) as { events: unknown[] }).events)).toEqual([
      { name: 'channel_occupied', channel: board },
      { name: 'subscription_count', channel: board, subscription_count: 2 },
    ]);

    // Twenty client events at once, one a second allowed: the registry's conditional counter lets through one per second they span.
    const limited = { ...declaredEnvironment('channels-message', CONNECT), CLIENT_EVENTS_PER_SECOND: '1' };
    const secondSeen = framesTo(second.connectionId).length;
    const answers = await coldInvokeAtOnce('channels-message', limited, Array.from({ length: 20 }, (_, index) => channelsMessageEvent(first.connectionId, { event: 'client-move', channel: board, data: { index } })));
    const refused = answers.filter((answer: { body?: string }) => answer.body !== undefined).map((answer: { body: string }) => decodeFrame(answer.body));
    const relayed = framesTo(second.connectionId, secondSeen).filter((frame) => frame.event === 'client-move');
    expect(refused.length + relayed.length).toBe(20);
    expect(relayed.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeGreaterThanOrEqual(10);
    expect(refused[0]).toEqual({ event: 'pusher:error', data: { code: 4301, message: 'Client event rejected: a connection may send at most 1 client events a second' } });

    // terminate_connections through the HTTP API bundle: the user's sign-in, on any socket, is refused for a while.
    const user = `terminated-${suffix}`;
    const signIn = (socket: typeof first) => channelsMessageEvent(socket.connectionId, { event: 'pusher:signin', data: pusherOracle.authenticateUser(socket.socketId, { id: user }) });
    expect(decodeFrame((await invoke('channels-message', CONNECT, signIn(first))).body)).toMatchObject({ event: 'pusher:signin_success' });
    expect((await invoke('http-pusher-api', CONNECT, pusherApiRequest('POST', `/users/${user}/terminate_connections`, {}))).statusCode).toBe(200);
    expect(channelsStub.calls.at(-1)).toEqual({ method: 'DELETE', connectionId: first.connectionId });
    expect(decodeFrame((await invoke('channels-message', CONNECT, signIn(second))).body)).toEqual({ event: 'pusher:error', data: { code: 4009, message: expect.stringContaining('terminated') } });
    expect(await subscriptions.socketsSignedInAs(user)).toEqual([first.socketId]);
  });

  it("watchlists at the Lambda level: a signed-in user is told who of their watchlist is online, then each change", async () => {
    const [watcherId, watchedId] = [`watcher-${suffix}`, `watched-${suffix}`];
    const watcher = await greetedSocket();
    const watched = await greetedSocket();
    const signIn = (socket: typeof watcher, user: { id: string; watchlist?: string[] }) => channelsMessageEvent(socket.connectionId, { event: 'pusher:signin', data: pusherOracle.authenticateUser(socket.socketId, user) });
    const watchlistFrames = (from: number) => framesTo(watcher.connectionId, from).filter((frame) => frame.event === 'pusher_internal:watchlist_events');

    // With a watchlist, both answers go through @connections, in Pusher's order.
    expect(await invoke('channels-message', CONNECT, signIn(watcher, { id: watcherId, watchlist: [watchedId] }))).toEqual({ statusCode: 200 });
    expect(framesTo(watcher.connectionId, 1).map((frame) => frame.event)).toEqual(['pusher:signin_success', 'pusher_internal:watchlist_events']);
    expect(watchlistFrames(1)).toEqual([{ event: 'pusher_internal:watchlist_events', data: { events: [{ name: 'offline', user_ids: [watchedId] }] } }]);
    let seen = framesTo(watcher.connectionId).length;
    expect(decodeFrame((await invoke('channels-message', CONNECT, signIn(watched, { id: watchedId }))).body)).toMatchObject({ event: 'pusher:signin_success' });
    expect(watchlistFrames(seen)).toEqual([{ event: 'pusher_internal:watchlist_events', data: { events: [{ name: 'online', user_ids: [watchedId] }] } }]);
    seen = framesTo(watcher.connectionId).length;
    channelsStub.close(watched.connectionId);
    expect(await invoke('channels-disconnect', CONNECT, webSocketEvent('$disconnect', watched.connectionId))).toEqual({ statusCode: 200 });
    expect(watchlistFrames(seen)).toEqual([{ event: 'pusher_internal:watchlist_events', data: { events: [{ name: 'offline', user_ids: [watchedId] }] } }]);
    expect(await itemsNaming(watched.socketId)).toEqual([]);
    channelsStub.close(watcher.connectionId);
    expect(await invoke('channels-disconnect', CONNECT, webSocketEvent('$disconnect', watcher.connectionId))).toEqual({ statusCode: 200 });
    expect(await itemsNaming(watcher.socketId)).toEqual([]);
  });

  it('refuses an unknown app key with pusher:error 4001 as the first frame, then deletes the connection', async () => {
    const connectionId = channelsStub.open();
    const handshake = await connectThroughChannelsConnect(connectionId, { app_key: 'no-such-key', protocol: '7' });
    expect(handshake).toEqual({ functionName: HANDSHAKE_FUNCTION, invocationType: 'Event', payload: { connectionId, refusal: { code: 4001, message: expect.stringContaining('no-such-key') } } });

    // Through the tap: the stub forgets a connection's frames once it is deleted.
    const tapped = { ...declaredEnvironment('channels-handshake', CONNECT), CHANNELS_MANAGEMENT_ENDPOINT: `${channelsTap.endpoint}/channels` };
    expect(await coldInvoke('channels-handshake', tapped, handshake.payload)).toEqual({ outcome: 'refused' });
    const toConnection = channelsTap.requests.filter((request) => decodeURIComponent(request.path) === `/channels/@connections/${connectionId}`);
    expect(toConnection.map(({ method, status }) => ({ method, status }))).toEqual([{ method: 'POST', status: 200 }, { method: 'DELETE', status: 204 }]);
    expect(decodeFrame(toConnection[0]!.body)).toEqual({ event: 'pusher:error', data: { code: 4001, message: (handshake.payload as { refusal: { message: string } }).refusal.message } });
    expect(channelsStub.calls.filter((call) => call.connectionId === connectionId)).toEqual([{ method: 'POST', connectionId }, { method: 'DELETE', connectionId }]);
  });

  it('refuses a protocol version it does not speak with 4007', async () => {
    const connectionId = channelsStub.open();
    const handshake = await connectThroughChannelsConnect(connectionId, { app_key: 'test-key', protocol: '4' });
    expect(handshake.payload).toEqual({ connectionId, refusal: { code: 4007, message: expect.stringContaining('Unsupported protocol version 4') } });
  });

  it("signs its Invoke with the session token of the function's role, as Lambda provides it", async () => {
    const sessionToken = 'role-session-token';
    const lambdaWithRoles = await startLambdaInvokeStub({ credentials: { accessKeyId: 'test', secretAccessKey: 'test', sessionToken } });
    try {
      const connectionId = channelsStub.open();
      const environment = { ...declaredEnvironment('channels-connect', CONNECT), AWS_SESSION_TOKEN: sessionToken, AWS_ENDPOINT_URL_LAMBDA: lambdaWithRoles.endpoint };
      expect(await coldInvoke('channels-connect', environment, channelsConnectEvent(connectionId, { app_key: 'test-key', protocol: '7' }))).toEqual({ statusCode: 200 });
      expect(lambdaWithRoles.refusals).toEqual([]);
      expect(lambdaWithRoles.invocations).toEqual([{ functionName: HANDSHAKE_FUNCTION, invocationType: 'Event', payload: { connectionId } }]);
    } finally {
      await lambdaWithRoles.stop();
    }
  });

  it('keeps greeting a socket answered 410, as one not yet connected is, and gives up when it never appears', async () => {
    const connectionId = channelsStub.open();
    channelsStub.close(connectionId);
    expect(await invoke('channels-handshake', CONNECT, { connectionId })).toEqual({ outcome: 'gone' });
    expect(channelsStub.calls.filter((call) => call.connectionId === connectionId)).toHaveLength(HANDSHAKE_RETRY.delaysMs.length + 1);
  });

  it(`delivers to a channel of more than ${CHANNEL_INLINE_LIMIT} sockets through the channel fan-out queue and the queue-channel-fan-out bundle`, async () => {
    const channel = `crowd-${suffix}`;
    const connections = Array.from({ length: CHANNEL_INLINE_LIMIT + MAX_CHUNK_SOCKETS + 1 }, () => channelsStub.open());
    await mapWithConcurrency(connections, 16, (connectionId) => subscriptions.add(socketIdOf(connectionId), channel));

    const published = await invoke('http-pusher-api', CONNECT, pusherApiRequest('POST', '/events', { name: 'flash', channels: [channel], data: 'sale' }));
    expect(published.statusCode).toBe(200);
    // Queued, not delivered inline.
    expect(connections.filter((connectionId) => channelsStub.received(connectionId).length > 0)).toEqual([]);
    const chunks = await takeFanOutChunks(channel, Math.ceil(connections.length / MAX_CHUNK_SOCKETS));
    expect(chunks).toHaveLength(Math.ceil(connections.length / MAX_CHUNK_SOCKETS));
    const queued = chunks.flatMap((body) => (JSON.parse(body) as { socketIds: string[] }).socketIds);
    expect([...queued].sort()).toEqual(connections.map(socketIdOf).sort());

    // One socket left meanwhile: the worker finds it gone and forgets it.
    const [goneConnection, ...stillThere] = connections as [string, ...string[]];
    channelsStub.close(goneConnection);
    expect(await invoke('queue-channel-fan-out', CONNECT, sqsEvent(chunks, 'ChannelFanOut'))).toEqual({ batchItemFailures: [] });
    expect(stillThere.filter((connectionId) => JSON.stringify(framesTo(connectionId)) !== JSON.stringify([{ event: 'flash', channel, data: 'sale' }]))).toEqual([]);
    expect(await subscriptions.isSubscribed(socketIdOf(goneConnection), channel)).toBe(false);
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
    name: 'channels-connect', choices: CONNECT, label: 'hands a new socket to channels-handshake (an asynchronous Invoke)',
    run: async (without) => {
      const connectionId = channelsStub.open();
      const before = lambdaStub.invocations.length;
      const response = await invoke('channels-connect', CONNECT, channelsConnectEvent(connectionId, { app_key: 'test-key', protocol: '7' }), without);
      const made = lambdaStub.invocations.slice(before);
      return response?.statusCode === 200 && made.length === 1 && made[0]?.functionName === HANDSHAKE_FUNCTION && made[0].invocationType === 'Event';
    },
  },
  {
    name: 'channels-handshake', choices: CONNECT, label: 'greets a socket',
    run: async (without) => {
      const connectionId = channelsStub.open();
      const result = await invoke('channels-handshake', CONNECT, { connectionId }, without);
      return result?.outcome === 'established' && framesTo(connectionId)[0]?.event === 'pusher:connection_established';
    },
  },
  {
    name: 'channels-message', choices: CONNECT, label: 'subscribes a socket to a private channel, its auth checked',
    run: async (without) => {
      const connectionId = channelsStub.open();
      const auth = pusherOracle.authorizeChannel(socketIdOf(connectionId), 'private-case');
      const response = await invoke('channels-message', CONNECT, channelsMessageEvent(connectionId, { event: 'pusher:subscribe', data: { channel: 'private-case', ...auth } }), without);
      return response?.statusCode === 200 && decodeFrame(response.body).event === 'pusher_internal:subscription_succeeded';
    },
  },
  {
    name: 'channels-disconnect', choices: CONNECT, label: 'takes a socket off its channels',
    run: async (without) => {
      const connectionId = channelsStub.open();
      await subscriptions.add(socketIdOf(connectionId), 'disconnect-case');
      channelsStub.close(connectionId);
      const response = await invoke('channels-disconnect', CONNECT, webSocketEvent('$disconnect', connectionId), without);
      return response?.statusCode === 200 && !(await subscriptions.isSubscribed(socketIdOf(connectionId), 'disconnect-case'));
    },
  },
  {
    name: 'queue-channel-fan-out', choices: CONNECT, label: "delivers a chunk of a large channel's sockets",
    run: async (without) => {
      const connectionId = channelsStub.open();
      // The chunk as channels-message and http-pusher-api put it on the queue.
      const chunk = JSON.stringify({ message: { event: 'headline', channel: 'crowded-case', data: 'x' }, socketIds: [socketIdOf(connectionId)] });
      const result = await invoke('queue-channel-fan-out', CONNECT, sqsEvent([chunk], 'ChannelFanOut'), without);
      return result?.batchItemFailures?.length === 0 && channelsStub.received(connectionId).length === 1;
    },
  },
  {
    name: 'queue-app-webhooks', choices: CONNECT, label: "tells the app a channel was occupied, signed with the app's secret",
    run: async (without) => {
      const channel = `hooks-case-${++hookCases}`;
      await subscriptions.add(`77.${hookCases}`, channel);
      const before = appHooks.bodies.length;
      const result = await invoke('queue-app-webhooks', CONNECT, sqsEvent([JSON.stringify({ kind: 'occupancy', channel })], 'AppWebhooks'), without);
      const posted = appHooks.bodies.slice(before).map((body) => JSON.parse(body) as { events: unknown[] });
      return result?.batchItemFailures?.length === 0 && JSON.stringify(posted.flatMap((body) => body.events)) === JSON.stringify([{ name: 'channel_occupied', channel }]);
    },
  },
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

describe("each bundle calls only what its role's policy allows (manifest/functions.ts grants)", () => {
  /** Where the tests above pointed each function: table and queue names back to the resources the grants name. */
  const resourceOf = (address: string): string | undefined =>
    ({
      [values['CONNECTIONS_TABLE']!]: 'connectionsTable',
      [values['REFRESH_TOKENS_TABLE']!]: 'refreshTokensTable',
      [values['WEBHOOK_REPLAYS_TABLE']!]: 'webhookReplaysTable',
      [values['SUBSCRIPTIONS_TABLE']!]: 'subscriptionsTable',
      [values['NOTIFY_CONNECTION_QUEUE_URL']!]: 'notifyConnectionQueue',
      [values['WEBHOOK_EVENTS_QUEUE_URL']!]: 'webhookEventsQueue',
      [values['CHANNEL_FAN_OUT_QUEUE_URL']!]: 'channelFanOutQueue',
      [values['APP_WEBHOOK_QUEUE_URL']!]: 'appWebhooksQueue',
    })[address];
  /** `DynamoDB_20120810.GetItem` → `dynamodb:GetItem`; SendMessageBatch is authorized as sqs:SendMessage. */
  const iamActionOf = (target: string): string => {
    const [service, operation] = target.split('.');
    return service === 'AmazonSQS' ? `sqs:${operation === 'SendMessageBatch' ? 'SendMessage' : operation}` : `dynamodb:${operation}`;
  };

  it('made no DynamoDB or SQS call in any invocation above that its grants (for the stack choices it ran with) leave out', () => {
    const requests = [...dynamoDbTap.requests, ...sqsTap.requests];
    expect(requests.filter((request) => request.label === undefined).map((request) => request.headers['x-amz-target']), 'calls made outside any invocation (work left running after a handler returned)').toEqual([]);
    const calls = requests.map((request) => {
      const { name, choices } = JSON.parse(request.label!) as { name: FunctionName; choices: StackChoices };
      const body = JSON.parse(request.body || '{}') as { TableName?: string; QueueUrl?: string; RequestItems?: Record<string, unknown> };
      // A batch names its table as the key of RequestItems (pushgate's batches each touch one table).
      const address = body.TableName ?? body.QueueUrl ?? Object.keys(body.RequestItems ?? {})[0] ?? '';
      return { name, choices, grant: `${resourceOf(address) ?? address} ${iamActionOf(String(request.headers['x-amz-target']))}` };
    });
    expect(new Set(calls.map((call) => call.name)).size, 'the invocations above reached DynamoDB and SQS through the taps').toBeGreaterThan(5);
    expect(calls.filter((call) => call.grant.includes(' sqs:')).length, 'SQS calls went through the tap too').toBeGreaterThan(0);
    const allowed = (name: FunctionName, choices: StackChoices) => new Set(needsOf(name, choices).grants.flatMap((grant) => ('actions' in grant ? grant.actions.map((action) => `${grant.resource} ${action}`) : [])));
    const outside = [...new Set(calls.filter((call) => !allowed(call.name, call.choices).has(call.grant)).map((call) => `${call.name} (${JSON.stringify(call.choices)}): ${call.grant}`))].sort();
    expect(outside).toEqual([]);
  });
});
