import { describe, expect, it } from 'vitest';
import { InMemoryUserEventPublisher } from '../../adapters/driven/in-memory/in-memory-user-event-publisher.ts';
import { makeTestDomain } from '../../test/support/test-domain.ts';
import { CONNECTION_TTL_MS, MAX_CONNECTION_ID_LENGTH } from '../connections/connection.ts';
import { PUBLISH_LIMITS } from '../channels/pusher-protocol.ts';
import type { ConnectionNotifier } from './connection-notifier.port.ts';
import { DeliverToConnection } from './deliver-to-connection.use-case.ts';
import { FanOutToUser, type FanOutSettings } from './fan-out-to-user.use-case.ts';
import { MAX_NOTIFICATION_BYTES, parseConnectionNotification } from './notification.ts';
import { MAX_QUEUE_BATCH_BYTES, packQueueBatches, queuedBytesOf } from './notification-queue.port.ts';
import type { UserEventPublisher } from './user-event-publisher.port.ts';

const SETTINGS: FanOutSettings = { directDeliveryLimit: 5, concurrency: 3, registryPageSize: 2 };

function setup(options: { settings?: FanOutSettings; notifier?: ConnectionNotifier; withPublisher?: boolean; publisher?: UserEventPublisher } = {}) {
  const domain = makeTestDomain();
  const notifier = options.notifier ?? domain.notifier;
  const deliver = new DeliverToConnection(notifier, domain.registry);
  const publisher = options.withPublisher ? new InMemoryUserEventPublisher() : undefined;
  const fanOut = new FanOutToUser({ registry: domain.registry, deliver, queue: domain.queue, clock: domain.clock, settings: options.settings ?? SETTINGS, publisher: options.publisher ?? publisher });
  const connect = async (connectionId: string, userId: string, open = true) => {
    await domain.registry.save({ connectionId, userId, connectedAt: domain.clock.now(), expiresAt: domain.clock.now() + CONNECTION_TTL_MS });
    if (open) domain.notifier.open(connectionId);
  };
  return { ...domain, deliver, fanOut, publisher, connect };
}

describe('DeliverToConnection', () => {
  it('posts the data: strings as they are, anything else as JSON', async () => {
    const { deliver, connect, notifier } = setup();
    await connect('conn-1', 'alice');
    expect(await deliver.execute({ connectionId: 'conn-1', data: 'plain' })).toBe('delivered');
    expect(await deliver.execute({ connectionId: 'conn-1', data: { n: 1 } })).toBe('delivered');
    expect(notifier.received('conn-1')).toEqual(['plain', '{"n":1}']);
  });

  it('removes a gone connection and counts the message as handled', async () => {
    const { deliver, connect, registry, clock } = setup();
    await connect('conn-stale', 'alice', false);
    expect(await deliver.execute({ connectionId: 'conn-stale', data: 1 })).toBe('gone');
    expect(await registry.find('conn-stale', clock.now())).toBeUndefined();
  });
});

describe('FanOutToUser', () => {
  it('posts directly to every live connection of the user when they are few, paging the registry', async () => {
    const { fanOut, connect, notifier, queue } = setup();
    for (const id of ['c1', 'c2', 'c3']) await connect(id, 'alice');
    await connect('c-bob', 'bob');
    expect(await fanOut.execute({ userId: 'alice', data: { hi: 1 } })).toEqual({ connections: 3, delivered: 3, gone: 0, queued: 0, publishedToPusher: false });
    for (const id of ['c1', 'c2', 'c3']) expect(notifier.received(id)).toEqual(['{"hi":1}']);
    expect(notifier.received('c-bob')).toEqual([]);
    expect(queue.batches).toEqual([]);
  });

  it('removes stale connections on the way', async () => {
    const { fanOut, connect, registry, clock } = setup();
    await connect('c-live', 'alice');
    await connect('c-gone', 'alice', false);
    expect(await fanOut.execute({ userId: 'alice', data: 'x' })).toMatchObject({ connections: 2, delivered: 1, gone: 1 });
    expect((await registry.listByUser('alice', clock.now())).connections.map((c) => c.connectionId)).toEqual(['c-live']);
  });

  it('queues a large audience in batches of at most ten, each connection exactly once', async () => {
    const { fanOut, connect, queue, notifier } = setup();
    const ids = Array.from({ length: 23 }, (_, index) => `c${String(index).padStart(2, '0')}`);
    for (const id of ids) await connect(id, 'crowd');
    expect(await fanOut.execute({ userId: 'crowd', data: 'hello' })).toEqual({ connections: 23, delivered: 0, gone: 0, queued: 23, publishedToPusher: false });
    expect(queue.batches.map((batch) => batch.length)).toEqual([10, 10, 3]);
    expect(queue.take().map((message) => message.connectionId).sort()).toEqual(ids);
    expect(notifier.received('c00')).toEqual([]);
  });

  it('packs queued batches by bytes as well as count: ten 128 KB notifications of quotes never make a call over 1 MiB', async () => {
    const { fanOut, connect, queue } = setup({ settings: { directDeliveryLimit: 0, concurrency: 3, registryPageSize: 100 } });
    const ids = Array.from({ length: 10 }, (_, index) => `c${index}`);
    for (const id of ids) await connect(id, 'alice');
    const quotes = '"'.repeat(MAX_NOTIFICATION_BYTES);
    expect(await fanOut.execute({ userId: 'alice', data: quotes })).toMatchObject({ connections: 10, queued: 10 });
    // Each envelope escapes every quote: twice the data, so three fit in a call and the fourth would not.
    const bytes = queue.batches.map((batch) => batch.reduce((total, message) => total + queuedBytesOf(message), 0));
    for (const total of bytes) expect(total).toBeLessThanOrEqual(MAX_QUEUE_BATCH_BYTES);
    expect(queue.batches.map((batch) => batch.length)).toEqual([3, 3, 3, 1]);
    expect(queue.take().map((message) => message.connectionId).sort()).toEqual(ids);
  });

  it('fits the heaviest envelope the decoder lets through (128 KB of control characters, six bytes each escaped) in one SQS message', () => {
    const data = '\u0001'.repeat(MAX_NOTIFICATION_BYTES);
    expect(parseConnectionNotification({ connectionId: 'c', data }).ok).toBe(true);
    expect(queuedBytesOf({ connectionId: 'c'.repeat(MAX_CONNECTION_ID_LENGTH), data })).toBeGreaterThan(6 * MAX_NOTIFICATION_BYTES);
    expect(queuedBytesOf({ connectionId: 'c'.repeat(MAX_CONNECTION_ID_LENGTH), data })).toBeLessThanOrEqual(MAX_QUEUE_BATCH_BYTES);
    expect(packQueueBatches([{ connectionId: 'a', data }, { connectionId: 'b', data }]).map((batch) => batch.length)).toEqual([1, 1]);
  });

  it('queues direct posts that failed instead of losing them', async () => {
    const flaky: ConnectionNotifier = {
      send: async (connectionId) => {
        if (connectionId === 'c-throttled') throw new Error('LimitExceeded after retries');
        return 'delivered';
      },
    };
    const { fanOut, connect, queue } = setup({ notifier: flaky });
    await connect('c-ok', 'alice');
    await connect('c-throttled', 'alice');
    expect(await fanOut.execute({ userId: 'alice', data: 1 })).toMatchObject({ delivered: 1, queued: 1 });
    expect(queue.take()).toEqual([{ connectionId: 'c-throttled', data: 1 }]);
  });

  it('never has more direct posts in flight than configured', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow: ConnectionNotifier = {
      send: async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return 'delivered';
      },
    };
    const { fanOut, connect } = setup({ notifier: slow, settings: { directDeliveryLimit: 50, concurrency: 4, registryPageSize: 100 } });
    for (let index = 0; index < 20; index += 1) await connect(`c${index}`, 'alice');
    expect(await fanOut.execute({ userId: 'alice', data: 1 })).toMatchObject({ delivered: 20 });
    expect(peak).toBe(4);
  });

  it('bridges to Pusher when a publisher is configured, even with no connections', async () => {
    const { fanOut, publisher } = setup({ withPublisher: true });
    expect(await fanOut.execute({ userId: 'alice', data: { a: 1 } })).toEqual({ connections: 0, delivered: 0, gone: 0, queued: 0, publishedToPusher: true });
    expect(publisher?.published).toEqual([{ userId: 'alice', data: { a: 1 } }]);
  });

  it('reports a Pusher outage instead of throwing, after every connection got the message', async () => {
    const calls: string[] = [];
    const down: UserEventPublisher = {
      publishToUser: async (userId) => {
        calls.push(userId);
        throw new Error('Unexpected status code 503');
      },
    };
    const { fanOut, connect, notifier } = setup({ publisher: down });
    await connect('c1', 'alice');
    await connect('c2', 'alice');
    expect(await fanOut.execute({ userId: 'alice', data: 'hi' })).toEqual({
      connections: 2,
      delivered: 2,
      gone: 0,
      queued: 0,
      publishedToPusher: false,
      bridgeProblem: { kind: 'PusherFailed', message: 'Error: Unexpected status code 503' },
    });
    expect(calls).toEqual(['alice']);
    expect(notifier.received('c1')).toEqual(['hi']);
    expect(notifier.received('c2')).toEqual(['hi']);
  });

  it.each([
    ['a user id that is no channel suffix', 'alice smith', 'hi'],
    ['data over Pusher\'s 10 KB', 'alice', 'x'.repeat(PUBLISH_LIMITS.dataBytes + 1)],
  ])('skips the bridge for %s, without calling Pusher, and still delivers on WebSockets', async (_, userId, data) => {
    const { fanOut, connect, notifier, publisher } = setup({ withPublisher: true });
    await connect('c1', userId);
    const report = await fanOut.execute({ userId, data });
    expect(report).toMatchObject({ delivered: 1, publishedToPusher: false, bridgeProblem: { kind: 'BeyondPusherLimits', message: expect.any(String) } });
    expect(publisher?.published).toEqual([]);
    expect(notifier.received('c1')).toEqual([data]);
  });
});
