// Fan-out: one NotifyUser to a user with 1, 100 and 1,000 connections, through the entrypoints, a
// Management API stand-in that takes 20 ms per call, and SQS-like queues; wall time beside the ideal.
import { setTimeout as sleep } from 'node:timers/promises';
import { buildAllHandlers } from '../adapters/composition/handler-table.ts';
import { createInMemoryContainer } from '../adapters/composition/in-memory-container.ts';
import { parseRuntimeConfig } from '../adapters/composition/runtime-config.ts';
import { SERVICE_IDS } from '../adapters/composition/service-ids.ts';
import { LocalQueueNotificationQueue } from '../adapters/driven/local-queue/local-queue-notification-queue.ts';
import { InMemoryConnectionRegistry } from '../adapters/driven/in-memory/in-memory-connection-registry.ts';
import { SILENT_OBSERVABILITY } from '../adapters/driving/local/line-observability.ts';
import { LocalQueue } from '../adapters/driving/local/local-queue.ts';
import { CONNECTION_TTL_MS } from '../domain/connections/connection.ts';
import { BENCH_LAMBDA_ENVIRONMENT } from './lambda-environment.ts';
import { MACHINE, median, printTable } from './support.ts';

const CALL_LATENCY_MS = 20;
/** The stack's settings: direct below 50 connections, 10 posts in flight per invocation, 10 concurrent workers. */
const DIRECT_LIMIT = 50;
const PER_INVOCATION_CONCURRENCY = 10;
const WORKER_CONCURRENCY = 10;
const TARGET_RATIO = 1.25;
const ROUNDS = 5;

async function fanOutOnce(connections: number) {
  const calls = { query: 0, sqsBatches: 0, sqsMessages: 0, postToConnection: 0 };
  // The clock stops when the last post completes, not when a poll notices it.
  let delivered = 0;
  let allDelivered: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allDelivered = resolve));
  const config = parseRuntimeConfig({ ...BENCH_LAMBDA_ENVIRONMENT, FAN_OUT_DIRECT_LIMIT: String(DIRECT_LIMIT), FAN_OUT_CONCURRENCY: String(PER_INVOCATION_CONCURRENCY) });
  const queue = new LocalQueue({ name: 'NotifyConnection', concurrency: WORKER_CONCURRENCY, pollIntervalMs: 1, visibilityTimeoutMs: 60_000 });
  const notificationQueue = new LocalQueueNotificationQueue(queue);
  const container = createInMemoryContainer(config, {
    notifier: {
      send: async () => {
        calls.postToConnection += 1;
        await sleep(CALL_LATENCY_MS);
        delivered += 1;
        if (delivered === connections) allDelivered();
        return 'delivered';
      },
    },
    queue: {
      enqueue: async (batch) => {
        calls.sqsBatches += 1;
        calls.sqsMessages += batch.length;
        await notificationQueue.enqueue(batch);
      },
    },
  });
  // Every use case holds this one registry; counting its queries counts DynamoDB's.
  const registry = container.get(SERVICE_IDS.ConnectionRegistry) as InMemoryConnectionRegistry;
  const listByUser = registry.listByUser.bind(registry);
  registry.listByUser = (...args) => {
    calls.query += 1;
    return listByUser(...args);
  };
  const handlers = buildAllHandlers({ services: container, observability: SILENT_OBSERVABILITY });
  queue.consume(handlers['queue-notify-connection']);
  const notifyUser = handlers['queue-notify-user'];
  const now = Date.now();
  for (let index = 0; index < connections; index += 1) await registry.save({ connectionId: `c${index}=`, userId: 'crowd', connectedAt: now, expiresAt: now + CONNECTION_TTL_MS });

  const started = performance.now();
  await notifyUser({ Records: [{ messageId: 'm', receiptHandle: 'r', body: JSON.stringify({ userId: 'crowd', data: { hello: 'all' } }), attributes: {} as never, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:local:0:NotifyUser', awsRegion: 'local' }] });
  await done;
  const wallMs = performance.now() - started;
  await queue.drained(60_000);
  await queue.stop();
  const concurrency = connections <= DIRECT_LIMIT ? Math.min(connections, PER_INVOCATION_CONCURRENCY) : WORKER_CONCURRENCY * PER_INVOCATION_CONCURRENCY;
  const idealMs = (calls.postToConnection * CALL_LATENCY_MS) / concurrency;
  return { connections, path: connections <= DIRECT_LIMIT ? 'direct' : 'queued', wallMs, idealMs, concurrency, calls };
}

// One unmeasured round first, so the JIT has compiled both paths before anything is timed.
await fanOutOnce(100);
await fanOutOnce(1);
const rows: (string | number)[][] = [];
const misses: string[] = [];
for (const connections of [1, 100, 1000]) {
  // One round is at the mercy of a timer hiccup; the median of five is the figure.
  const runs = [];
  for (let round = 0; round < ROUNDS; round += 1) runs.push(await fanOutOnce(connections));
  const wallMs = median(runs.map((round) => round.wallMs));
  const run = { ...runs[0]!, wallMs };
  const ratio = run.wallMs / run.idealMs;
  const sqsBound = connections <= DIRECT_LIMIT ? 0 : Math.ceil(connections / 10);
  const ok = ratio <= TARGET_RATIO && run.calls.sqsBatches <= sqsBound && run.calls.postToConnection === connections;
  if (!ok) misses.push(`${connections} connections: ${ratio.toFixed(2)} x ideal, ${run.calls.sqsBatches} SQS batches`);
  rows.push([connections, run.path, run.concurrency, run.wallMs, run.idealMs, ratio, run.calls.query, run.calls.sqsBatches, run.calls.postToConnection, ok ? 'ok' : 'MISS']);
}
printTable(`Fan-out — one NotifyUser, Management API at ${CALL_LATENCY_MS} ms a call, median of ${ROUNDS} (${MACHINE})`, ['connections', 'path', 'concurrency', 'wall ms', 'ideal ms', 'x ideal', 'DynamoDB queries', 'SQS batches', 'PostToConnection', 'target'], rows);
console.log(misses.length === 0 ? `fan-out: within ${TARGET_RATIO} x the ideal, SQS messages per notification <= ceil(connections / 10)` : `fan-out: targets missed — ${misses.join(' | ')}`);
