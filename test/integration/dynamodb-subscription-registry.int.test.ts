import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createContainer } from '../../adapters/composition/container.ts';
import { dynamoDbSubscriptionsModule } from '../../adapters/composition/dynamodb.module.ts';
import { parseRuntimeConfig } from '../../adapters/composition/runtime-config.ts';
import { SERVICE_IDS } from '../../adapters/composition/service-ids.ts';
import { DynamoDbSubscriptionRegistry, shardOf } from '../../adapters/driven/dynamodb/dynamodb-subscription-registry.ts';
import { ManualClock } from '../../adapters/driven/in-memory/manual-clock.ts';
import { DynamoDbWebhookAnnouncements } from '../../adapters/driven/dynamodb/dynamodb-webhook-announcements.ts';
import { describeSubscriptionRegistryContract } from '../../domain/realtime/subscription-registry.contract.ts';
import { describeWebhookAnnouncementsContract } from '../../domain/webhooks/webhook-announcements.contract.ts';
import { SUBSCRIPTION_TABLE } from '../../manifest/tables.ts';
import { TEST_ENVIRONMENT } from '../support/test-environment.ts';
import { backend, backendLabel, createSubscriptionTable, dynamoDbClients } from './support/aws-clients.ts';

const clients = dynamoDbClients();
afterAll(() => {
  clients.raw.destroy();
});

describeSubscriptionRegistryContract(`DynamoDB on ${backendLabel()}`, async ({ clock, ttlMs }) => new DynamoDbSubscriptionRegistry(clients.document, await createSubscriptionTable(clients.raw), { clock, ttlMs }));
describeSubscriptionRegistryContract(`DynamoDB with 4 channel shards on ${backendLabel()}`, async ({ clock, ttlMs }) =>
  new DynamoDbSubscriptionRegistry(clients.document, await createSubscriptionTable(clients.raw), { clock, ttlMs, shardCount: 4 }),
);

describeWebhookAnnouncementsContract(`DynamoDB (the subscription table) on ${backendLabel()}`, async () => new DynamoDbWebhookAnnouncements(clients.document, await createSubscriptionTable(clients.raw), new ManualClock()));

describe(`DynamoDbSubscriptionRegistry on ${backendLabel()}`, () => {
  it('spreads one channel over its shards and lists the subscribers of all of them', async () => {
    const table = await createSubscriptionTable(clients.raw);
    const registry = new DynamoDbSubscriptionRegistry(clients.document, table, { clock: new ManualClock(), shardCount: 4 });
    const sockets = Array.from({ length: 16 }, (_, index) => `9.${index}`);
    await Promise.all(sockets.map((socketId) => registry.add(socketId, 'hot')));
    expect(new Set(sockets.map((socketId) => shardOf(socketId, 4))).size).toBeGreaterThan(1);
    for (const socketId of sockets) {
      const { Item } = await clients.document.send(new GetCommand({ TableName: table, Key: { pk: `channel#hot#${shardOf(socketId, 4)}`, sk: `socket#${socketId}` } }));
      expect(Item?.['socketId'], socketId).toBe(socketId);
    }
    expect([...(await registry.subscribers('hot'))].sort()).toEqual([...sockets].sort());
  });

  it("deletes a user's presence item when their last socket leaves, and keeps it while another socket holds it", async () => {
    const table = await createSubscriptionTable(clients.raw);
    const registry = new DynamoDbSubscriptionRegistry(clients.document, table, { clock: new ManualClock() });
    const presenceItem = async () => (await clients.document.send(new GetCommand({ TableName: table, Key: { pk: 'presence#presence-gone', sk: 'user#kay' }, ConsistentRead: true }))).Item;
    await registry.add('7.1', 'presence-gone', { userId: 'kay' });
    await registry.add('7.2', 'presence-gone', { userId: 'kay' });
    await registry.remove('7.1', 'presence-gone');
    expect(await presenceItem()).toBeDefined();
    await registry.removeSocket('7.2');
    expect(await presenceItem()).toBeUndefined();
  });

  it('writes the TTL attribute in epoch seconds on every item a subscription makes', async () => {
    const table = await createSubscriptionTable(clients.raw);
    const clock = new ManualClock(Date.UTC(2030, 0, 1, 0, 0, 0, 500));
    const registry = new DynamoDbSubscriptionRegistry(clients.document, table, { clock, ttlMs: 1000 });
    await registry.add('8.1', 'presence-ttl', { userId: 'ivy' });
    const expected = Math.ceil((clock.now() + 1000) / 1000);
    for (const Key of [{ pk: 'socket#8.1', sk: 'channel#presence-ttl' }, { pk: 'channel#presence-ttl#0', sk: 'socket#8.1' }, { pk: 'presence#presence-ttl', sk: 'user#ivy' }]) {
      const { Item } = await clients.document.send(new GetCommand({ TableName: table, Key }));
      expect(Item?.[SUBSCRIPTION_TABLE.ttlAttribute], Key.pk).toBe(expected);
    }
  });

  it('writes the TTL attribute on every item a sign-in with a watchlist makes, and leaves none behind when it signs out', async () => {
    const table = await createSubscriptionTable(clients.raw);
    const clock = new ManualClock(Date.UTC(2030, 0, 1, 0, 0, 0, 500));
    const registry = new DynamoDbSubscriptionRegistry(clients.document, table, { clock, ttlMs: 1000 });
    await registry.signIn('8.1', 'ivy', ['jon']);
    const keys = [{ pk: 'socket#8.1', sk: 'signin' }, { pk: 'online#ivy', sk: 'sockets' }, { pk: 'watchers#jon', sk: 'socket#8.1' }];
    for (const Key of keys) {
      const { Item } = await clients.document.send(new GetCommand({ TableName: table, Key }));
      expect(Item?.[SUBSCRIPTION_TABLE.ttlAttribute], Key.pk).toBe(Math.ceil((clock.now() + 1000) / 1000));
    }
    await registry.signOut('8.1');
    for (const Key of keys) expect((await clients.document.send(new GetCommand({ TableName: table, Key }))).Item, Key.pk).toBeUndefined();
  });

  it('gives the cache, the termination mark and each rate window a TTL in epoch seconds, so DynamoDB sweeps them', async () => {
    const table = await createSubscriptionTable(clients.raw);
    const clock = new ManualClock(Date.UTC(2030, 0, 1, 0, 0, 0, 250));
    const registry = new DynamoDbSubscriptionRegistry(clients.document, table, { clock });
    await registry.cacheEvent('cache-ttl', { event: 'e', data: 'x' }, 1_800_000);
    await registry.markTerminated('ivy', 60_000);
    await registry.admit('client-events#8.1', { limit: 10, windowMs: 1_000 });
    const ttlOf = async (pk: string, sk: string) => (await clients.document.send(new GetCommand({ TableName: table, Key: { pk, sk } }))).Item?.[SUBSCRIPTION_TABLE.ttlAttribute];
    const seconds = (ms: number) => Math.ceil((clock.now() + ms) / 1000);
    expect(await ttlOf('cache#cache-ttl', 'last')).toBe(seconds(1_800_000));
    expect(await ttlOf('terminated#ivy', 'user')).toBe(seconds(60_000));
    // The window that holds 00:00:00.250 ends at 00:00:01.
    expect(await ttlOf('rate#client-events#8.1', `window#${Math.floor(clock.now() / 1000)}`)).toBe(Math.floor(clock.now() / 1000) + 1);
  });

  it('is what the composition binds, on the table SUBSCRIPTIONS_TABLE names, and that setting is required', async () => {
    const { dynamodbEndpoint, region } = backend();
    const clientConfig = { endpoint: dynamodbEndpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
    const config = parseRuntimeConfig({ ...TEST_ENVIRONMENT, SUBSCRIPTIONS_TABLE: await createSubscriptionTable(clients.raw) });
    const registry = createContainer(config, dynamoDbSubscriptionsModule(config, clientConfig)).get(SERVICE_IDS.SubscriptionRegistry);
    expect(registry).toBeInstanceOf(DynamoDbSubscriptionRegistry);
    expect(await registry.add('10.1', 'presence-bound', { userId: 'jo' })).toEqual({ memberJoined: true });
    expect(await registry.memberOf('10.1', 'presence-bound')).toEqual({ userId: 'jo' });
    const unconfigured = parseRuntimeConfig(TEST_ENVIRONMENT);
    expect(() => createContainer(unconfigured, dynamoDbSubscriptionsModule(unconfigured, clientConfig)).get(SERVICE_IDS.SubscriptionRegistry)).toThrow(/SUBSCRIPTIONS_TABLE is required/);
  });

  it('refuses a shard count that is not a positive integer', () => {
    expect(() => new DynamoDbSubscriptionRegistry(clients.document, 't', { clock: new ManualClock(), shardCount: 0 })).toThrow(RangeError);
  });
});
