import Pusher from 'pusher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DEFAULTS } from '../../adapters/driving/local/local-environment.ts';
import type { LocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { DEFAULT_CLIENT_EVENTS_PER_SECOND, PUSHER_ERROR_CODES } from '../../domain/channels/pusher-protocol.ts';
import { connected, connectPusherJs, localPusherJs, type PusherClient } from './support/pusher-js-client.ts';
import { LOCAL_STORAGES, startOn } from './support/local-storages.ts';

type Channel = ReturnType<PusherClient['subscribe']>;

const CHANNEL_GRANTS = 'private-cache-*,private-encrypted-cache-*,presence-cache-*,private-limited';

let gateway: LocalGateway;
let server: Pusher;
const clients: PusherClient[] = [];

/** pusher-js on local mode, granted the channels these tests use. */
async function connectAs(userId: string): Promise<PusherClient> {
  const client = await connectPusherJs(gateway, userId, CHANNEL_GRANTS, { name: userId });
  clients.push(client);
  return client;
}

/** Subscribes, recording every event the channel emits in order (pusher-js's own names: `pusher:subscription_succeeded`, …). */
function subscribeRecording(client: PusherClient, name: string): { channel: Channel; events: { event: string; data: unknown }[]; succeeded: Promise<void> } {
  const channel = client.subscribe(name);
  const events: { event: string; data: unknown }[] = [];
  channel.bind_global((event: string, data: unknown) => events.push({ event, data }));
  const succeeded = new Promise<void>((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', () => resolve());
    channel.bind('pusher:subscription_error', (error: unknown) => reject(Object.assign(new Error('subscription_error'), { detail: error })));
  });
  return { channel, events, succeeded };
}

/** The `pusher:error` frames pusher-js reports on its connection. */
function connectionErrors(client: PusherClient): { code: number | null; message: string }[] {
  const errors: { code: number | null; message: string }[] = [];
  client.connection.bind('error', (error: { type?: string; data?: { code: number | null; message: string } }) => {
    if (error.type === 'PusherError' && error.data !== undefined) errors.push(error.data);
  });
  return errors;
}

const names = (events: readonly { event: string }[]) => events.map((entry) => entry.event);

/**
 * pusher-js signed in with a watchlist: the app's own user-auth, as Pusher's docs have it, signing
 * `{id, watchlist}` with the `pusher` package (pushgate's `/pusher/user-auth` signs what a token holds, which has no watchlist).
 */
async function signedInWatching(userId: string, watchlist: readonly string[]): Promise<{ client: PusherClient; events: { name: string; user_ids: string[] }[] }> {
  const client = localPusherJs(gateway, {
    userAuthentication: {
      endpoint: '/unused',
      transport: 'ajax',
      customHandler: ({ socketId }: { socketId: string }, callback: (error: Error | null, data: { auth: string; user_data: string }) => void) => callback(null, server.authenticateUser(socketId, { id: userId, watchlist: [...watchlist] })),
    },
  });
  clients.push(client);
  const events: { name: string; user_ids: string[] }[] = [];
  for (const name of ['online', 'offline']) client.user.watchlist.bind(name, (event: { name: string; user_ids: string[] }) => events.push(event));
  client.signin();
  await client.user.signinDonePromise;
  return { client, events };
}

describe.each(LOCAL_STORAGES)('Pusher parity with local mode\'s storage $label', (storage) => {
  beforeAll(async () => {
    gateway = await startOn(storage, { env: { SUBSCRIPTION_COUNT_EVENTS: 'on', ACTIVITY_TIMEOUT_SECONDS: '540' } });
    server = new Pusher({ appId: '100001', key: 'local-key', secret: 'local-secret', host: '127.0.0.1', port: String(gateway.port), useTLS: false, encryptionMasterKeyBase64: LOCAL_DEFAULTS['PUSHER_ENCRYPTION_MASTER_KEY_BASE64']! });
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await gateway.close();
  });

  describe('cache channels', () => {
    it.each(['cache-scores', 'private-cache-scores', 'private-encrypted-cache-scores', 'presence-cache-scores'])(
      '%s replays the last event the pusher package published to a new pusher-js subscriber, right after its subscription_succeeded',
      async (name) => {
        await server.trigger(name, 'score', { home: 1 });
        await server.trigger(name, 'score', { home: 2 });
        const recorded = subscribeRecording(await connectAs(`fan-${name}`), name);
        await recorded.succeeded;
        await expect.poll(() => names(recorded.events)).toContain('score');
        expect(recorded.events[0]!.event).toBe('pusher:subscription_succeeded');
        expect(recorded.events[1]).toEqual({ event: 'score', data: { home: 2 } });
      },
    );

    it('sends pusher:cache_miss to a subscriber of a cache channel nothing was published to', async () => {
      const recorded = subscribeRecording(await connectAs('miss'), 'private-cache-nothing-yet');
      await expect.poll(() => names(recorded.events)).toContain('pusher:cache_miss');
      expect(names(recorded.events).slice(0, 2)).toEqual(['pusher:subscription_succeeded', 'pusher:cache_miss']);
    });
  });

  describe('subscription counts (SUBSCRIPTION_COUNT_EVENTS=on)', () => {
    it('tells pusher-js subscribers how many they are as others join and leave, and answers info=subscription_count', async () => {
      const first = await connectAs('count-1');
      const second = await connectAs('count-2');
      const one = subscribeRecording(first, 'cache-counted');
      await one.succeeded;
      await expect.poll(() => (one.channel as unknown as { subscriptionCount: number | null }).subscriptionCount).toBe(1);
      const two = subscribeRecording(second, 'cache-counted');
      await two.succeeded;
      await expect.poll(() => names(two.events)).toContain('pusher:subscription_count');
      expect(names(two.events).slice(0, 3)).toEqual(['pusher:subscription_succeeded', 'pusher:cache_miss', 'pusher:subscription_count']);
      expect(two.events[2]!.data).toEqual({ subscription_count: 2 });
      await expect.poll(() => (one.channel as unknown as { subscriptionCount: number | null }).subscriptionCount).toBe(2);

      const listed = await (await server.get({ path: '/channels', params: { filter_by_prefix: 'cache-counted', info: 'subscription_count' } })).json();
      expect(listed).toEqual({ channels: { 'cache-counted': { subscription_count: 2 } } });
      const described = await (await server.get({ path: '/channels/cache-counted', params: { info: 'subscription_count' } })).json();
      expect(described).toEqual({ occupied: true, subscription_count: 2 });
      const triggered = await (await server.trigger('cache-counted', 'tick', {}, { info: 'subscription_count' })).json();
      expect(triggered).toEqual({ channels: { 'cache-counted': { subscription_count: 2 } } });

      second.unsubscribe('cache-counted');
      await expect.poll(() => one.events.filter((entry) => entry.event === 'pusher:subscription_count').at(-1)?.data).toEqual({ subscription_count: 1 });
    });
  });

  describe('client events', () => {
    it(`refuses a pusher-js connection's client events past ${DEFAULT_CLIENT_EVENTS_PER_SECOND} a second with pusher:error ${PUSHER_ERROR_CODES.clientEventRateLimited}`, async () => {
      const sender = await connectAs('chatty');
      const receiver = await connectAs('listener');
      const sent = subscribeRecording(sender, 'private-limited');
      const heard = subscribeRecording(receiver, 'private-limited');
      await Promise.all([sent.succeeded, heard.succeeded]);
      const errors = connectionErrors(sender);
      // 100 at once: however many seconds serving them spans (fewer than nine), most are over the rate.
      const burst = 100;
      for (let index = 0; index < burst; index += 1) sent.channel.trigger('client-typing', { index });
      await expect.poll(() => errors.length, { timeout: 15_000 }).toBeGreaterThan(0);
      expect(errors[0]).toEqual({ code: PUSHER_ERROR_CODES.clientEventRateLimited, message: `Client event rejected: a connection may send at most ${DEFAULT_CLIENT_EVENTS_PER_SECOND} client events a second` });
      await expect.poll(() => errors.length + heard.events.filter((entry) => entry.event === 'client-typing').length, { timeout: 15_000 }).toBe(burst);
      expect(heard.events.filter((entry) => entry.event === 'client-typing').length).toBeGreaterThanOrEqual(DEFAULT_CLIENT_EVENTS_PER_SECOND);
      expect(sender.connection.state, 'the connection stays').toBe('connected');
    });
  });

  describe('activity timeout (ACTIVITY_TIMEOUT_SECONDS=540)', () => {
    it('lets a pusher-js client that asks for 540 s ping every 540 s; one left at its default keeps 120 s', async () => {
      const [patient, ordinary] = [localPusherJs(gateway, { activityTimeout: 540_000 }), localPusherJs(gateway)];
      clients.push(patient, ordinary);
      await Promise.all([connected(patient), connected(ordinary)]);
      // pusher-js pings after the lower of its own activityTimeout and the server's activity_timeout.
      const activityTimeoutOf = (client: PusherClient) => (client.connection as unknown as { activityTimeout: number }).activityTimeout;
      expect(activityTimeoutOf(patient)).toBe(540_000);
      expect(activityTimeoutOf(ordinary)).toBe(120_000);
    });
  });

  describe('watchlists', () => {
    it("tell a pusher-js user who of their watchlist is online at sign-in, then each watched user's arrival and departure", async () => {
      const early = await signedInWatching('watched-early', []);
      const watcher = await signedInWatching('watcher', ['watched-early', 'watched-late']);
      await expect.poll(() => watcher.events).toEqual([
        { name: 'online', user_ids: ['watched-early'] },
        { name: 'offline', user_ids: ['watched-late'] },
      ]);
      const late = await signedInWatching('watched-late', []);
      await expect.poll(() => watcher.events.slice(2)).toEqual([{ name: 'online', user_ids: ['watched-late'] }]);
      early.client.disconnect();
      late.client.disconnect();
      await expect.poll(() => watcher.events.slice(3).map((event) => `${event.name} ${event.user_ids.join()}`).sort()).toEqual(['offline watched-early', 'offline watched-late']);
    });
  });

  describe('terminate_connections', () => {
    it('closes a signed-in pusher-js user, whose automatic sign-in after reconnecting is refused with pusher:error 4009', async () => {
      const client = await connectAs('banned');
      client.signin();
      await client.user.signinDonePromise;
      const errors = connectionErrors(client);
      const reconnected = new Promise<void>((resolve) => client.connection.bind('state_change', ({ previous, current }: { previous: string; current: string }) => previous !== 'connected' && current === 'connected' && resolve()));
      await server.terminateUserConnections('banned');
      await reconnected;
      await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(errors[0]).toMatchObject({ code: PUSHER_ERROR_CODES.unauthorized, message: expect.stringContaining('terminated') });
      // Someone else signs in as usual.
      const other = await connectAs('welcome');
      other.signin();
      await other.user.signinDonePromise;
    });
  });
});
