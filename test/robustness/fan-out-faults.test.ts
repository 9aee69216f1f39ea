import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildAllHandlers } from '../../adapters/composition/handler-table.ts';
import { LocalQueueNotificationQueue } from '../../adapters/driven/local-queue/local-queue-notification-queue.ts';
import { createInMemoryContainer } from '../../adapters/composition/in-memory-container.ts';
import { parseRuntimeConfig } from '../../adapters/composition/runtime-config.ts';
import { SERVICE_IDS } from '../../adapters/composition/service-ids.ts';
import { ApiGatewayConnectionNotifier } from '../../adapters/driven/apigateway/api-gateway-connection-notifier.ts';
import { LocalQueue } from '../../adapters/driving/local/local-queue.ts';
import { CONNECTION_TTL_MS } from '../../domain/connections/connection.ts';
import { recordingObservability } from '../support/recording-observability.ts';
import { TEST_ENVIRONMENT } from '../support/test-environment.ts';

/** A small seeded generator, so every run injects the same faults. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function awsError(name: string, status: number | undefined): Error {
  return Object.assign(new Error(name), { name, ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }) });
}

const MAX_ATTEMPTS = 3;
const MAX_RECEIVE_COUNT = 5;
const NOTIFICATIONS_PER_USER = 20;

/**
 * 500 connections: 25 users with 4 (posted directly) and 25 with 16 (queued through
 * NotifyConnection); 50 of them stale (410 for good), 5 permanently broken (500 for good), the rest
 * answering a seeded mix of 429, 500 and timeouts. Twenty notifications per user: 10,000 deliveries.
 */
async function runFaultyFanOut(options: { crashMidBatch: boolean; seed: number }) {
  const random = mulberry32(options.seed);
  const users = Array.from({ length: 50 }, (_, index) => ({ userId: `user-${index}`, connections: index < 25 ? 4 : 16 }));
  const stale = new Set<string>();
  const broken = new Set<string>();
  const received = new Map<string, Map<string, number>>();
  const attemptsPerDelivery = new Map<string, number>();
  const faults = { gone: 0, throttled: 0, serverError: 0, timeout: 0, crashes: 0 };

  const fakeClient = {
    send: async (command: { input: { ConnectionId: string; Data: Uint8Array } }) => {
      const { ConnectionId: connectionId, Data } = command.input;
      const payload = Buffer.from(Data).toString('utf8');
      const key = `${connectionId}|${payload}`;
      attemptsPerDelivery.set(key, (attemptsPerDelivery.get(key) ?? 0) + 1);
      if (stale.has(connectionId)) {
        faults.gone += 1;
        throw awsError('GoneException', 410);
      }
      if (broken.has(connectionId)) {
        faults.serverError += 1;
        throw awsError('InternalServerErrorException', 500);
      }
      const roll = random();
      if (roll < 0.1) {
        faults.throttled += 1;
        throw awsError('LimitExceededException', 429);
      }
      if (roll < 0.15) {
        faults.serverError += 1;
        throw awsError('InternalServerErrorException', 500);
      }
      if (roll < 0.18) {
        faults.timeout += 1;
        throw awsError('TimeoutError', undefined);
      }
      const inbox = received.get(connectionId) ?? new Map<string, number>();
      inbox.set(payload, (inbox.get(payload) ?? 0) + 1);
      received.set(connectionId, inbox);
      return {};
    },
  };
  const { observability, counts } = recordingObservability();
  const notifier = new ApiGatewayConnectionNotifier({
    endpoint: 'https://unused',
    client: fakeClient as never,
    retry: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => undefined },
    onRetry: () => observability.metrics.count('retried'),
  });
  const config = parseRuntimeConfig({ ...TEST_ENVIRONMENT, FAN_OUT_DIRECT_LIMIT: '4', FAN_OUT_CONCURRENCY: '8' });
  // Far longer than an invocation takes here even on a loaded machine (a shorter one re-delivers
  // messages still in flight, as SQS would), as AWS wants it longer than the function's timeout.
  const queueOptions = { visibilityTimeoutMs: 1000, maxReceiveCount: MAX_RECEIVE_COUNT, concurrency: 4 };
  const notifyConnectionQueue = new LocalQueue({ name: 'NotifyConnection', ...queueOptions });
  const container = createInMemoryContainer(config, { notifier, queue: new LocalQueueNotificationQueue(notifyConnectionQueue) });
  const handlers = buildAllHandlers({ services: container, observability });
  const deliver = handlers['queue-notify-connection'];
  const notifyConnectionHandler: (event: SQSEvent) => Promise<SQSBatchResponse> = options.crashMidBatch
    ? async (event) => {
        if (event.Records.length > 1 && random() < 0.05) {
          // The worker dies halfway: what it did stays done, the whole batch comes back.
          faults.crashes += 1;
          await deliver({ Records: event.Records.slice(0, Math.floor(event.Records.length / 2)) });
          throw new Error('worker crashed mid-batch');
        }
        return deliver(event);
      }
    : deliver;
  notifyConnectionQueue.consume(notifyConnectionHandler);
  const notifyUserQueue = new LocalQueue({ name: 'NotifyUser', ...queueOptions, handler: handlers['queue-notify-user'] });

  const registry = container.get(SERVICE_IDS.ConnectionRegistry);
  const now = Date.now();
  let serial = 0;
  for (const user of users) {
    for (let index = 0; index < user.connections; index += 1) {
      const connectionId = `c${String(serial++).padStart(4, '0')}=`;
      await registry.save({ connectionId, userId: user.userId, connectedAt: now, expiresAt: now + CONNECTION_TTL_MS });
      if (serial % 10 === 0) stale.add(connectionId);
      else if (serial % 97 === 0) broken.add(connectionId);
    }
  }
  const expected = new Map<string, string[]>();
  for (let round = 0; round < NOTIFICATIONS_PER_USER; round += 1) {
    for (const user of users) {
      const data = { user: user.userId, round };
      notifyUserQueue.send(JSON.stringify({ userId: user.userId, data }));
      for (const connection of (await registry.listByUser(user.userId, now)).connections) {
        expected.set(connection.connectionId, [...(expected.get(connection.connectionId) ?? []), JSON.stringify(data)]);
      }
    }
  }
  const started = performance.now();
  await notifyUserQueue.drained(120_000);
  await notifyConnectionQueue.drained(120_000);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all([notifyUserQueue.stop(), notifyConnectionQueue.stop()]);

  const live = [...expected.keys()].filter((id) => !stale.has(id) && !broken.has(id));
  const missing = live.flatMap((id) => expected.get(id)!.filter((payload) => (received.get(id)?.get(payload) ?? 0) === 0).map((payload) => `${id} ${payload}`));
  const duplicates = [...received.values()].reduce((sum, inbox) => sum + [...inbox.values()].reduce((extra, count) => extra + count - 1, 0), 0);
  const remaining = new Set((await Promise.all(users.map((user) => registry.listByUser(user.userId, now)))).flatMap((page) => page.connections.map((c) => c.connectionId)));
  const deadLetters = notifyConnectionQueue.deadLetters().map((message) => JSON.parse(message.body) as { connectionId: string });
  const figures = {
    deliveriesExpected: [...expected.values()].reduce((sum, list) => sum + list.length, 0),
    liveDeliveriesExpected: live.reduce((sum, id) => sum + expected.get(id)!.length, 0),
    messagesLost: missing.length,
    duplicates,
    faults,
    retried: counts.retried ?? 0,
    maxAttemptsForOneDelivery: Math.max(...attemptsPerDelivery.values()),
    staleRemoved: [...stale].filter((id) => !remaining.has(id)).length,
    staleTotal: stale.size,
    liveRemoved: live.filter((id) => !remaining.has(id)).length,
    deadLettered: deadLetters.length,
    deadLetteredOnlyBroken: deadLetters.every((message) => broken.has(message.connectionId)),
    seconds: Number(seconds.toFixed(2)),
  };
  return { figures, missing, brokenCount: broken.size };
}

describe('fan-out under injected faults (10,000 deliveries across 500 connections)', () => {
  for (const crashMidBatch of [false, true]) {
    it(crashMidBatch ? 'with the NotifyConnection worker crashing mid-batch: still nothing lost' : 'loses nothing, removes exactly the stale connections, bounds retries', async () => {
      const { figures, missing, brokenCount } = await runFaultyFanOut({ crashMidBatch, seed: crashMidBatch ? 7 : 42 });
      console.log(`[robustness] fan-out ${crashMidBatch ? 'with crashes' : 'with faults'}: ${JSON.stringify(figures)}`);
      // The README's "Fan-out under faults" rows state these figures; they hold at these seeds.
      expect(figures.deliveriesExpected).toBe(10_000);
      expect(missing).toEqual([]);
      expect(figures.liveRemoved).toBe(0);
      expect(figures.staleTotal).toBe(50);
      expect(figures.staleRemoved).toBe(figures.staleTotal);
      expect(brokenCount).toBe(5);
      expect(figures.faults.throttled + figures.faults.serverError + figures.faults.timeout).toBeGreaterThan(1000);
      // "About 3,000 retries": the scheduling of concurrent workers moves the count a little.
      expect(figures.retried).toBeGreaterThan(2_700);
      expect(figures.retried).toBeLessThan(3_300);
      // At most MAX_ATTEMPTS posts per receive, one direct try, and MAX_RECEIVE_COUNT receives.
      expect(figures.maxAttemptsForOneDelivery).toBeLessThanOrEqual(MAX_ATTEMPTS * (MAX_RECEIVE_COUNT + 1));
      // Every notification to a broken connection, and nothing else, ends in the dead-letter queue.
      expect(figures.deadLettered).toBe(brokenCount * NOTIFICATIONS_PER_USER);
      expect(figures.deadLetteredOnlyBroken).toBe(true);
      if (crashMidBatch) {
        expect(figures.faults.crashes).toBeGreaterThan(0);
        // At-least-once: a crashed batch comes back whole, so what it had delivered arrives twice.
        expect(figures.duplicates).toBeGreaterThan(0);
      }
    });
  }
});
