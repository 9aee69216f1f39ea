import { CONSUMER_MAX_CONCURRENCY, QUEUE_BATCH_SIZES } from '../manifest/functions.ts';
// What each operation of the Pusher protocol costs in AWS calls: measured by bench/channel-fan-out.ts
// (which prints DRIFT when a count here no longer matches what the code does) and priced by
// bench/cost.ts. Lambda time is not measured on AWS: it is estimated from the calls each function
// waits on, one after the other, at ASSUMED_CALL_MS.
import { MAX_CHUNK_SOCKETS } from '../domain/realtime/channel-delivery-chunk.ts';
import { CHANNEL_INLINE_LIMIT, DELIVERY_CONCURRENCY } from '../domain/realtime/channel-fan-out.ts';

export interface OperationCalls {
  /** Frames the channels API receives from clients (billed as messages). */
  readonly framesIn: number;
  /** Frames it sends to clients: route responses and `@connections` posts (billed as messages). */
  readonly framesOut: number;
  /** HTTP API requests. */
  readonly httpRequests: number;
  readonly lambdaInvocations: number;
  /** Lambda time of all those invocations together, estimated (ASSUMED_CALL_MS). */
  readonly lambdaMs: number;
  readonly dynamoReads: number;
  readonly dynamoWrites: number;
  /** DynamoDB read and write request units, as consumed (dynalite computes them as DynamoDB does). */
  readonly readUnits: number;
  readonly writeUnits: number;
  /** SQS requests as billed: each 64 KB of a request's payload is one. */
  readonly sqsRequests: number;
}

/**
 * The channel fan-out queue's event source mapping (infrastructure/index.ts: `batchSize`,
 * `scalingConfig.maximumConcurrency`; operation-counts.test.ts fails when they change there).
 */
export const FAN_OUT_WORKERS = { batchSize: QUEUE_BATCH_SIZES.channelFanOutQueue, maximumConcurrency: CONSUMER_MAX_CONCURRENCY } as const;

/** SendMessageBatch takes at most ten entries. */
const SQS_BATCH_ENTRIES = 10;

/**
 * Round trips a function waits for, for the Lambda time estimate: `@connections` as the benches'
 * Management API stand-in (20 ms), DynamoDB and SQS as they typically answer inside a Region, and a
 * handler's own work.
 */
export const ASSUMED_CALL_MS = { postToConnection: 20, dynamoDb: 5, sqs: 10, lambdaInvoke: 20, handler: 2 } as const;

const NONE: OperationCalls = { framesIn: 0, framesOut: 0, httpRequests: 0, lambdaInvocations: 0, lambdaMs: 0, dynamoReads: 0, dynamoWrites: 0, readUnits: 0, writeUnits: 0, sqsRequests: 0 };

/** Lambda time of one invocation that waits, in turn, on these calls. */
function waitingOn(calls: { dynamoDb?: number; posts?: number; sqs?: number; invokes?: number }): number {
  return (
    ASSUMED_CALL_MS.handler +
    (calls.dynamoDb ?? 0) * ASSUMED_CALL_MS.dynamoDb +
    (calls.posts ?? 0) * ASSUMED_CALL_MS.postToConnection +
    (calls.sqs ?? 0) * ASSUMED_CALL_MS.sqs +
    (calls.invokes ?? 0) * ASSUMED_CALL_MS.lambdaInvoke
  );
}

export type SocketOperation = 'connect' | 'subscribe' | 'subscribe (private)' | 'unsubscribe' | 'presence join' | 'presence leave' | 'ping';

/**
 * One socket's operations, as measured. Presence: one other member is listening, and is told.
 * `connect` is channels-connect (which invokes channels-handshake) and channels-handshake (one post).
 */
export const SOCKET_OPERATIONS: Readonly<Record<SocketOperation, OperationCalls>> = {
  connect: { ...NONE, framesOut: 1, lambdaInvocations: 2, lambdaMs: waitingOn({ invokes: 1 }) + waitingOn({ posts: 1 }) },
  subscribe: { ...NONE, framesIn: 1, framesOut: 1, lambdaInvocations: 1, lambdaMs: waitingOn({ dynamoDb: 4 }), dynamoReads: 1, dynamoWrites: 3, readUnits: 1, writeUnits: 3 },
  'subscribe (private)': { ...NONE, framesIn: 1, framesOut: 1, lambdaInvocations: 1, lambdaMs: waitingOn({ dynamoDb: 4 }), dynamoReads: 1, dynamoWrites: 3, readUnits: 1, writeUnits: 3 },
  unsubscribe: { ...NONE, framesIn: 1, lambdaInvocations: 1, lambdaMs: waitingOn({ dynamoDb: 2 }), dynamoWrites: 3, writeUnits: 3 },
  'presence join': { ...NONE, framesIn: 1, framesOut: 2, lambdaInvocations: 1, lambdaMs: waitingOn({ dynamoDb: 6, posts: 1 }), dynamoReads: 3, dynamoWrites: 4, readUnits: 3, writeUnits: 4 },
  'presence leave': { ...NONE, framesIn: 1, framesOut: 1, lambdaInvocations: 1, lambdaMs: waitingOn({ dynamoDb: 5, posts: 1 }), dynamoReads: 1, dynamoWrites: 5, readUnits: 1, writeUnits: 5 },
  ping: { ...NONE, framesIn: 1, framesOut: 1, lambdaInvocations: 1, lambdaMs: waitingOn({}) },
};

/** `$disconnect` of a socket on `channels` public or private channels: one query, then each channel's removal (concurrently), the sign-in and the count. */
export function disconnectCalls(channels: number): OperationCalls {
  return { ...NONE, lambdaInvocations: 1, lambdaMs: waitingOn({ dynamoDb: channels === 0 ? 3 : 4 }), dynamoReads: 1, dynamoWrites: 2 + 3 * channels, readUnits: 1, writeUnits: 2 + 3 * channels };
}

/**
 * A channel's subscriber list as a trigger reads it: one item per subscriber, whose size DynamoDB
 * counts as its attribute names (39 bytes) and values: the key (`channel#<name>#<shard>`,
 * `socket#<id>`), the channel and socket id again, and two numbers (14 bytes) — 70 bytes and twice
 * the channel's and the socket id's lengths. A Query page stops after 1 MB, and each page's read
 * units are rounded up on their own.
 */
function subscriberItemBytes(channelNameLength: number): number {
  return 70 + 2 * channelNameLength + 2 * SOCKET_ID_LENGTH;
}
const QUERY_PAGE_BYTES = 1024 * 1024;
/** A deployment's socket ids: a 16-character connection id in digits (`16.` and 39 digits). */
const SOCKET_ID_LENGTH = 42;
/** What a channel name is taken to be when none is given (`private-chat-room-42`). */
export const TYPICAL_CHANNEL_NAME_LENGTH = 20;
/** A queued chunk's body: each socket id quoted, with its comma, and the message around them (here a 200-byte event). */
const CHUNK_BYTES_PER_SOCKET = SOCKET_ID_LENGTH + 3;
const CHUNK_BYTES_BESIDE_SOCKETS = 300;

/**
 * One trigger (POST /apps/<id>/events, one channel) to `subscribers`: the subscriber list read, a
 * post to each; over CHANNEL_INLINE_LIMIT, chunks of MAX_CHUNK_SOCKETS sent ten a SendMessageBatch
 * and delivered by workers taking FAN_OUT_WORKERS.batchSize chunks an invocation (each invocation
 * one ReceiveMessage and one DeleteMessageBatch).
 */
export function triggerCalls(subscribers: number, channelNameLength = TYPICAL_CHANNEL_NAME_LENGTH): OperationCalls {
  const listBytes = subscribers * subscriberItemBytes(channelNameLength);
  const pages = Math.max(1, Math.ceil(listBytes / QUERY_PAGE_BYTES));
  const reading = { dynamoReads: pages, readUnits: Math.max(1, Math.ceil(listBytes / 4096)) + pages - 1 };
  const rounds = (posts: number) => Math.ceil(posts / DELIVERY_CONCURRENCY);
  if (subscribers <= CHANNEL_INLINE_LIMIT) {
    return { ...NONE, ...reading, framesOut: subscribers, httpRequests: 1, lambdaInvocations: 1, lambdaMs: waitingOn({ dynamoDb: pages, posts: rounds(subscribers) }) };
  }
  const chunks = Math.ceil(subscribers / MAX_CHUNK_SOCKETS);
  const batches = Math.ceil(chunks / SQS_BATCH_ENTRIES);
  const billedSends = Array.from({ length: batches }, (_, batch) => {
    const chunksInBatch = Math.min(SQS_BATCH_ENTRIES, chunks - batch * SQS_BATCH_ENTRIES);
    const socketsInBatch = Math.min(chunksInBatch * MAX_CHUNK_SOCKETS, subscribers - batch * SQS_BATCH_ENTRIES * MAX_CHUNK_SOCKETS);
    return Math.ceil((socketsInBatch * CHUNK_BYTES_PER_SOCKET + chunksInBatch * CHUNK_BYTES_BESIDE_SOCKETS) / (64 * 1024));
  }).reduce((sum, billed) => sum + billed, 0);
  const workers = Math.ceil(chunks / FAN_OUT_WORKERS.batchSize);
  const workerMs = Array.from({ length: chunks }, (_, chunk) => rounds(Math.min(MAX_CHUNK_SOCKETS, subscribers - chunk * MAX_CHUNK_SOCKETS)) * ASSUMED_CALL_MS.postToConnection).reduce((sum, ms) => sum + ms, 0);
  return {
    ...NONE,
    ...reading,
    framesOut: subscribers,
    httpRequests: 1,
    lambdaInvocations: 1 + workers,
    lambdaMs: waitingOn({ dynamoDb: pages, sqs: batches }) + workers * ASSUMED_CALL_MS.handler + workerMs,
    sqsRequests: billedSends + 2 * workers,
  };
}

/** `calls` `times` over. */
export function times(calls: OperationCalls, count: number): OperationCalls {
  return Object.fromEntries(Object.entries(calls).map(([field, value]) => [field, value * count])) as unknown as OperationCalls;
}

export function sum(...all: readonly OperationCalls[]): OperationCalls {
  return all.reduce((total, calls) => Object.fromEntries(Object.entries(total).map(([field, value]) => [field, value + calls[field as keyof OperationCalls]])) as unknown as OperationCalls, NONE);
}
