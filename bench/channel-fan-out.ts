// Channel fan-out: one trigger (POST /apps/<id>/events through http-pusher-api) to a channel of 1,
// 100, 1,000 and 10,000 subscribers, with a Management API stand-in that takes 20 ms a call; a
// channel over the inline limit goes in chunks through the SQS adapter (a stand-in client feeding a
// LocalQueue shaped like the stack's event source mapping) to queue-channel-fan-out. Wall time
// beside the ideal (calls × latency ÷ concurrency), and what each trigger and each socket operation
// costs in DynamoDB (counted on dynalite, consumed capacity included), SQS and API Gateway calls.
// Those counts are the cost model's (bench/operation-counts.ts): this bench says when they drift.
import type { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import Pusher from 'pusher';
import { buildAllHandlers, type FunctionHandlers } from '../adapters/composition/handler-table.ts';
import { createInMemoryContainer } from '../adapters/composition/in-memory-container.ts';
import { parseRuntimeConfig } from '../adapters/composition/runtime-config.ts';
import { SERVICE_IDS } from '../adapters/composition/service-ids.ts';
import { socketIdOf } from '../domain/channels/socket-id.ts';
import { DynamoDbSubscriptionRegistry } from '../adapters/driven/dynamodb/dynamodb-subscription-registry.ts';
import { InMemoryHandshakeInvoker } from '../adapters/driven/in-memory/in-memory-handshake-invoker.ts';
import { InMemorySubscriptionRegistry } from '../adapters/driven/in-memory/in-memory-subscription-registry.ts';
import { SqsChannelDeliveryQueue } from '../adapters/driven/sqs/sqs-channel-delivery-queue.ts';
import { SILENT_OBSERVABILITY } from '../adapters/driving/local/line-observability.ts';
import { LocalQueue } from '../adapters/driving/local/local-queue.ts';
import { MAX_CHUNK_SOCKETS } from '../domain/realtime/channel-delivery-chunk.ts';
import { CHANNEL_INLINE_LIMIT, DELIVERY_CONCURRENCY } from '../domain/realtime/channel-fan-out.ts';
import type { RealtimeDelivery } from '../domain/realtime/realtime-delivery.port.ts';
import type { SocketCloser } from '../domain/realtime/socket-closer.port.ts';
import type { SubscriptionRegistry } from '../domain/realtime/subscription-registry.port.ts';
import { httpEvent, webSocketEvent } from '../test/support/lambda-events.ts';
import { startMeteredDynamoDb } from './dynamodb-meter.ts';
import { BENCH_LAMBDA_ENVIRONMENT } from './lambda-environment.ts';
import { disconnectCalls, FAN_OUT_WORKERS, SOCKET_OPERATIONS, triggerCalls, type OperationCalls, type SocketOperation } from './operation-counts.ts';
import { MACHINE, median, printTable } from './support.ts';

const CALL_LATENCY_MS = 20;
/** A SendMessageBatch's round trip (the stand-in SQS client waits this long before the chunks are visible). */
const SQS_CALL_MS = Number(process.env['PUSHGATE_BENCH_FANOUT_SQS_MS'] ?? 10);
const SIZES = [1, 100, 1000, 10_000];
const ROUNDS = Number(process.env['PUSHGATE_BENCH_FANOUT_ROUNDS'] ?? 3);
const TARGET_RATIO = 1.25;
const CHANNEL = 'bench-room';
const DATA = JSON.stringify({ text: 'x'.repeat(200) });

const config = parseRuntimeConfig({ ...BENCH_LAMBDA_ENVIRONMENT, CHANNEL_FAN_OUT_QUEUE_URL: 'http://127.0.0.1:9/channel-fan-out' });
const { appId, key, secret } = config.pusher;
const pusher = new Pusher({ appId, key, secret, cluster: 'mt1' });
// The `pusher` package signs the trigger exactly as it signs what it sends.
const { createSignedQueryString } = createRequire(import.meta.url)('pusher/lib/requests.js') as {
  createSignedQueryString(token: unknown, request: { method: string; path: string; body: string }): string;
};
const token = (pusher as unknown as { config: { token: unknown } }).config.token;

function triggerEvent() {
  const path = `/apps/${appId}/events`;
  const body = JSON.stringify({ name: 'bench-event', channels: [CHANNEL], data: DATA });
  return httpEvent({ method: 'POST', path, query: createSignedQueryString(token, { method: 'POST', path, body }), body, headers: { 'content-type': 'application/json' } });
}

/** A connection id shaped as API Gateway's (16 characters), and its socket id: as long as a deployment's, so chunks weigh what they would. */
function socketIdNumber(index: number): string {
  const bytes = Buffer.alloc(11, 0x61);
  bytes.writeUInt32BE(index, 7);
  return socketIdOf(bytes.toString('base64'));
}

interface Counts {
  posts: number;
  sqsSendCalls: number;
  /** SQS bills each 64 KB of a request's payload as one request. */
  sqsSendBilled: number;
  workerInvocations: number;
  workerRecords: number;
}

/** The Management API stand-in: each post takes CALL_LATENCY_MS (or none); `allDelivered` settles on the expected count. */
function managementApiStandIn(latencyMs: number, counts: Counts) {
  let expected = Number.POSITIVE_INFINITY;
  let resolve: () => void = () => undefined;
  const delivery: RealtimeDelivery & SocketCloser = {
    deliver: async () => {
      if (latencyMs > 0) await sleep(latencyMs);
      counts.posts += 1;
      if (counts.posts >= expected) resolve();
      return 'delivered';
    },
    close: async () => undefined,
  };
  const expect = (count: number) => {
    expected = count;
    return new Promise<void>((settle) => {
      resolve = settle;
      if (counts.posts >= expected) settle();
    });
  };
  return { delivery, expect };
}

/** The SQS client the adapter is given: counts its calls, waits a round trip, then makes each entry visible on the local queue. */
function sqsStandIn(queue: LocalQueue, counts: Counts, latencyMs: number): SQSClient {
  return {
    send: async (command: SendMessageBatchCommand) => {
      const entries = command.input.Entries ?? [];
      counts.sqsSendCalls += 1;
      counts.sqsSendBilled += Math.max(1, Math.ceil(entries.reduce((bytes, entry) => bytes + Buffer.byteLength(entry.MessageBody ?? ''), 0) / (64 * 1024)));
      if (latencyMs > 0) await sleep(latencyMs);
      for (const entry of entries) queue.send(entry.MessageBody ?? '');
      return { Successful: entries.map((entry) => ({ Id: entry.Id, MessageId: entry.Id, MD5OfMessageBody: '' })), Failed: [] };
    },
  } as unknown as SQSClient;
}

/** The functions over one object graph: in-memory stores (subscriptions in `registry`), the stand-ins, and the fan-out queue consumed like the stack's mapping. */
function system(options: { latencyMs: number; batchSize: number; registry: SubscriptionRegistry }) {
  const counts: Counts = { posts: 0, sqsSendCalls: 0, sqsSendBilled: 0, workerInvocations: 0, workerRecords: 0 };
  const managementApi = managementApiStandIn(options.latencyMs, counts);
  const queue = new LocalQueue({ name: 'ChannelFanOut', batchSize: options.batchSize, concurrency: FAN_OUT_WORKERS.maximumConcurrency, pollIntervalMs: 1, visibilityTimeoutMs: 60_000 });
  const handshake = new InMemoryHandshakeInvoker();
  const container = createInMemoryContainer(config, { realtimeDelivery: managementApi.delivery, channelQueue: new SqsChannelDeliveryQueue(sqsStandIn(queue, counts, SQS_CALL_MS), 'http://127.0.0.1:9/channel-fan-out') });
  container.rebind(SERVICE_IDS.HandshakeInvoker).toConstantValue(handshake);
  container.rebind(SERVICE_IDS.SubscriptionRegistry).toConstantValue(options.registry);
  const handlers: FunctionHandlers = buildAllHandlers({ services: container, observability: SILENT_OBSERVABILITY });
  queue.consume(async (event) => {
    counts.workerInvocations += 1;
    counts.workerRecords += event.Records.length;
    return handlers['queue-channel-fan-out'](event);
  });
  return { counts, handlers, handshake, queue, expectPosts: managementApi.expect };
}

async function trigger(handlers: FunctionHandlers): Promise<void> {
  const response = await handlers['http-pusher-api'](triggerEvent());
  if (response.statusCode !== 200) throw new Error(`the trigger was refused: ${response.statusCode} ${response.body}`);
}

/** A channel of `subscribers`, in memory (shared by the rounds: a trigger that finds no socket gone leaves it as it was). */
async function channelOf(subscribers: number): Promise<SubscriptionRegistry> {
  const registry = new InMemorySubscriptionRegistry();
  for (let index = 0; index < subscribers; index += 1) await registry.add(socketIdNumber(index), CHANNEL);
  return registry;
}

/** One trigger to the `subscribers` in `registry`: from the request to the last delivery made. */
async function fanOutOnce(registry: SubscriptionRegistry, subscribers: number, batchSize: number) {
  const s = system({ latencyMs: CALL_LATENCY_MS, batchSize, registry });
  const delivered = s.expectPosts(subscribers);
  const started = performance.now();
  await trigger(s.handlers);
  const responseMs = performance.now() - started;
  await delivered;
  const wallMs = performance.now() - started;
  await s.queue.drained(60_000);
  await s.queue.stop();
  return { wallMs, responseMs, counts: s.counts };
}

/**
 * The ideal: every post at CALL_LATENCY_MS, as many in flight as the code allows. Inline, one
 * function with DELIVERY_CONCURRENCY; queued, one chunk per worker invocation (each delivers its
 * chunk at DELIVERY_CONCURRENCY), as many invocations as there are chunks up to the mapping's
 * maximumConcurrency.
 */
function idealOf(subscribers: number): { concurrency: number; idealMs: number } {
  const queued = subscribers > CHANNEL_INLINE_LIMIT;
  const concurrency = queued ? DELIVERY_CONCURRENCY * Math.min(Math.ceil(subscribers / MAX_CHUNK_SOCKETS), FAN_OUT_WORKERS.maximumConcurrency) : Math.min(subscribers, DELIVERY_CONCURRENCY);
  return { concurrency, idealMs: (subscribers * CALL_LATENCY_MS) / concurrency };
}

// One unmeasured round of each path first, so the JIT has compiled both before anything is timed.
await fanOutOnce(await channelOf(100), 100, FAN_OUT_WORKERS.batchSize);
await fanOutOnce(await channelOf(1000), 1000, FAN_OUT_WORKERS.batchSize);

const timingRows: (string | number)[][] = [];
const misses: string[] = [];
const measuredTriggers = new Map<number, Counts>();
for (const subscribers of SIZES) {
  const queued = subscribers > CHANNEL_INLINE_LIMIT;
  const registry = await channelOf(subscribers);
  // The stack's mapping, and (queued only) the proposal: one chunk per invocation.
  // The stack's batch size, and ten (what the mapping had before 2026-12-02) as the baseline.
  for (const batchSize of queued ? [FAN_OUT_WORKERS.batchSize, 10] : [FAN_OUT_WORKERS.batchSize]) {
    const runs = [];
    for (let round = 0; round < ROUNDS; round += 1) runs.push(await fanOutOnce(registry, subscribers, batchSize));
    const wallMs = median(runs.map((run) => run.wallMs));
    const responseMs = median(runs.map((run) => run.responseMs));
    const { counts } = runs[0]!;
    const { concurrency, idealMs } = idealOf(subscribers);
    const ratio = wallMs / idealMs;
    const deployed = batchSize === FAN_OUT_WORKERS.batchSize;
    if (deployed) measuredTriggers.set(subscribers, counts);
    const ok = ratio <= TARGET_RATIO && counts.posts === subscribers;
    if (deployed && !ok) misses.push(`${subscribers} subscribers (${ratio.toFixed(2)} x)`);
    const path = !queued ? 'inline' : deployed ? `queued, batch ${batchSize} (stack)` : `queued, batch ${batchSize} (previous)`;
    timingRows.push([subscribers, path, concurrency, wallMs, idealMs, ratio, responseMs, counts.sqsSendCalls, counts.workerInvocations, counts.posts, ok ? 'ok' : `MISS (> ${TARGET_RATIO})`]);
  }
}
printTable(
  `Channel fan-out — one trigger through http-pusher-api (and queue-channel-fan-out above ${CHANNEL_INLINE_LIMIT}), Management API at ${CALL_LATENCY_MS} ms a call, SendMessageBatch at ${SQS_CALL_MS} ms, median of ${ROUNDS} (${MACHINE})`,
  ['subscribers', 'path', 'ideal concurrency', 'wall ms', 'ideal ms', 'x ideal', 'trigger answered ms', 'SendMessageBatch', 'worker invocations', 'posts', 'target'],
  timingRows,
);
console.log(
  `ideal = posts × ${CALL_LATENCY_MS} ms ÷ concurrency: inline ${DELIVERY_CONCURRENCY} in flight (DELIVERY_CONCURRENCY); queued ${DELIVERY_CONCURRENCY} per chunk of ${MAX_CHUNK_SOCKETS} (MAX_CHUNK_SOCKETS), ` +
    `one chunk per worker, up to ${FAN_OUT_WORKERS.maximumConcurrency} workers (the mapping's maximumConcurrency). The worker takes batches of ${FAN_OUT_WORKERS.batchSize} records ` +
    `(the mapping's batchSize, as the local queue fills them: greedily) and delivers its records one after the other.`,
);
console.log(
  misses.length === 0
    ? `channel fan-out: every size within ${TARGET_RATIO} x the ideal`
    : `channel fan-out: MISSED, above ${TARGET_RATIO} x the ideal at ${misses.join(', ')} with the stack's mapping: a batch's chunks are delivered one after the other by one invocation, ` +
        `so ${FAN_OUT_WORKERS.batchSize} chunks that arrive together get ${DELIVERY_CONCURRENCY} posts in flight, not ${FAN_OUT_WORKERS.batchSize * DELIVERY_CONCURRENCY}. Proposed: batch size 1 on the channel fan-out mapping (rows "proposed").`,
);

// What each trigger and each socket operation calls, on dynalite.
const dynamoDb = await startMeteredDynamoDb();
const dynamoDbRegistry = new DynamoDbSubscriptionRegistry(dynamoDb.client, dynamoDb.table, { clock: { now: () => Date.now() } });
try {
  const drift: string[] = [];
  const compare = (name: string, measured: OperationCalls, model: OperationCalls) => {
    const fields = ['framesIn', 'framesOut', 'lambdaInvocations', 'httpRequests', 'dynamoReads', 'dynamoWrites', 'readUnits', 'writeUnits', 'sqsRequests'] as const;
    const off = fields.filter((field) => Math.abs(measured[field] - model[field]) > 1e-9);
    if (off.length > 0) drift.push(`${name}: ${off.map((field) => `${field} measured ${measured[field]}, model ${model[field]}`).join(', ')}`);
    return off.length === 0 ? 'ok' : 'DRIFT';
  };

  const triggerRows: (string | number)[][] = [];
  for (const subscribers of SIZES) {
    const channel = `${CHANNEL}-${subscribers}`;
    await dynamoDb.seedChannel(channel, Array.from({ length: subscribers }, (_, index) => socketIdNumber(index)));
    const s = system({ latencyMs: 0, batchSize: FAN_OUT_WORKERS.batchSize, registry: dynamoDbRegistry });
    dynamoDb.reset();
    const delivered = s.expectPosts(subscribers);
    const path = `/apps/${appId}/events`;
    const body = JSON.stringify({ name: 'bench-event', channels: [channel], data: DATA });
    const response = await s.handlers['http-pusher-api'](httpEvent({ method: 'POST', path, query: createSignedQueryString(token, { method: 'POST', path, body }), body, headers: { 'content-type': 'application/json' } }));
    if (response.statusCode !== 200) throw new Error(`the trigger was refused: ${response.body}`);
    await delivered;
    await s.queue.drained(60_000);
    await s.queue.stop();
    // SQS as the stack's mapping calls it: each worker invocation is one ReceiveMessage and one DeleteMessageBatch.
    const timed = measuredTriggers.get(subscribers)!;
    const measured: OperationCalls = {
      framesIn: 0,
      framesOut: s.counts.posts,
      lambdaInvocations: 1 + s.counts.workerInvocations,
      lambdaMs: 0,
      httpRequests: 1,
      dynamoReads: dynamoDb.calls.reads,
      dynamoWrites: dynamoDb.calls.writes,
      readUnits: dynamoDb.calls.readUnits,
      writeUnits: dynamoDb.calls.writeUnits,
      sqsRequests: timed.sqsSendBilled + 2 * timed.workerInvocations,
    };
    const model = triggerCalls(subscribers, channel.length);
    triggerRows.push([subscribers, measured.dynamoReads, measured.readUnits, measured.dynamoWrites, timed.sqsSendCalls, timed.sqsSendBilled, 2 * timed.workerInvocations, measured.framesOut, measured.lambdaInvocations, compare(`trigger to ${subscribers}`, measured, model)]);
  }
  printTable(
    'Per trigger — DynamoDB counted on dynalite (consumed capacity as DynamoDB bills it), SQS and posts from the runs above',
    ['subscribers', 'DynamoDB reads', 'read units', 'DynamoDB writes', 'SendMessageBatch', 'SQS billed (64 KB units)', 'Receive + Delete', '@connections posts', 'Lambda invocations', 'cost model'],
    triggerRows,
  );

  // One socket at a time through channels-connect, -handshake, -message and -disconnect.
  const s = system({ latencyMs: 0, batchSize: FAN_OUT_WORKERS.batchSize, registry: dynamoDbRegistry });
  const sockets = new Map<string, string>();
  const socketOf = (name: string) => {
    if (!sockets.has(name)) sockets.set(name, `${name.padEnd(15, 'x')}=`);
    const connectionId = sockets.get(name)!;
    return { connectionId, socketId: socketIdOf(connectionId) };
  };
  const frame = (name: string, event: string, data: Record<string, unknown>) => s.handlers['channels-message'](webSocketEvent(event, socketOf(name).connectionId, { body: JSON.stringify({ event, data }) }));
  const presence = (name: string, userId: string) => {
    const auth = pusher.authorizeChannel(socketOf(name).socketId, 'presence-room', { user_id: userId, user_info: { name: userId } });
    return frame(name, 'pusher:subscribe', { channel: 'presence-room', auth: auth.auth, channel_data: auth.channel_data });
  };
  const operations: Record<SocketOperation | 'disconnect (1 channel)' | 'disconnect (2 channels)', () => Promise<{ framesIn: number; framesOut: number; lambdaInvocations: number }>> = {
    connect: async () => {
      await s.handlers['channels-connect'](webSocketEvent('$connect', socketOf('ann').connectionId, { query: { key, protocol: '7' } }));
      await s.handlers['channels-handshake'](s.handshake.invoked.at(-1));
      return { framesIn: 0, framesOut: 0, lambdaInvocations: 2 };
    },
    subscribe: async () => {
      const reply = await frame('ann', 'pusher:subscribe', { channel: 'public-room' });
      return { framesIn: 1, framesOut: reply.body === undefined ? 0 : 1, lambdaInvocations: 1 };
    },
    'subscribe (private)': async () => {
      const reply = await frame('ann', 'pusher:subscribe', { channel: 'private-room', auth: pusher.authorizeChannel(socketOf('ann').socketId, 'private-room').auth });
      return { framesIn: 1, framesOut: reply.body === undefined ? 0 : 1, lambdaInvocations: 1 };
    },
    unsubscribe: async () => {
      const reply = await frame('ann', 'pusher:unsubscribe', { channel: 'private-room' });
      return { framesIn: 1, framesOut: reply.body === undefined ? 0 : 1, lambdaInvocations: 1 };
    },
    'presence join': async () => {
      const reply = await presence('ann', 'user-ann');
      return { framesIn: 1, framesOut: reply.body === undefined ? 0 : 1, lambdaInvocations: 1 };
    },
    'presence leave': async () => {
      const reply = await frame('ann', 'pusher:unsubscribe', { channel: 'presence-room' });
      return { framesIn: 1, framesOut: reply.body === undefined ? 0 : 1, lambdaInvocations: 1 };
    },
    ping: async () => {
      const reply = await frame('ann', 'pusher:ping', {});
      return { framesIn: 1, framesOut: reply.body === undefined ? 0 : 1, lambdaInvocations: 1 };
    },
    'disconnect (1 channel)': async () => {
      await s.handlers['channels-disconnect'](webSocketEvent('$disconnect', socketOf('ann').connectionId));
      return { framesIn: 0, framesOut: 0, lambdaInvocations: 1 };
    },
    'disconnect (2 channels)': async () => {
      await s.handlers['channels-disconnect'](webSocketEvent('$disconnect', socketOf('cy').connectionId));
      return { framesIn: 0, framesOut: 0, lambdaInvocations: 1 };
    },
  };
  // Another member already on presence-room, so a join and a leave are each announced to one socket.
  await presence('bo', 'user-bo');
  const operationRows: (string | number)[][] = [];
  for (const [name, run] of Object.entries(operations)) {
    if (name === 'disconnect (2 channels)') {
      await frame('cy', 'pusher:subscribe', { channel: 'public-room' });
      await frame('cy', 'pusher:subscribe', { channel: 'public-lobby' });
    }
    dynamoDb.reset();
    const postsBefore = s.counts.posts;
    const transport = await run();
    const posts = s.counts.posts - postsBefore;
    const measured: OperationCalls = {
      ...transport,
      framesOut: transport.framesOut + posts,
      lambdaMs: 0,
      httpRequests: 0,
      dynamoReads: dynamoDb.calls.reads,
      dynamoWrites: dynamoDb.calls.writes,
      readUnits: dynamoDb.calls.readUnits,
      writeUnits: dynamoDb.calls.writeUnits,
      sqsRequests: 0,
    };
    const model = name === 'disconnect (1 channel)' ? disconnectCalls(1) : name === 'disconnect (2 channels)' ? disconnectCalls(2) : SOCKET_OPERATIONS[name as SocketOperation];
    operationRows.push([name, measured.lambdaInvocations, measured.framesIn, transport.framesOut, posts, measured.dynamoReads, measured.readUnits, measured.dynamoWrites, measured.writeUnits, compare(name, measured, model)]);
  }
  printTable(
    'Per socket operation — through channels-connect/-handshake/-message/-disconnect on dynalite (presence: one other member listening; disconnect: the socket on 1 or 2 public channels)',
    ['operation', 'Lambda invocations', 'frames in', 'route responses', '@connections posts', 'DynamoDB reads', 'read units', 'DynamoDB writes', 'write units', 'cost model'],
    operationRows,
  );
  console.log(drift.length === 0 ? 'cost model: bench/operation-counts.ts matches every count measured here' : `cost model: bench/operation-counts.ts is out of date — ${drift.join(' | ')}`);
} finally {
  await dynamoDb.close();
}
