import Pusher from 'pusher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DEFAULTS } from '../../adapters/driving/local/local-environment.ts';
import { LOCAL_STORAGES, startOn } from './support/local-storages.ts';
import type { LocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { connectPusherJs, type PusherClient } from './support/pusher-js-client.ts';

let gateway: LocalGateway;
let server: Pusher;
const clients: PusherClient[] = [];


/** pusher-js (Node build) connected to local mode, authorizing through pushgate with a bearer token. */
async function connectAs(userId: string, channels = 'private-chat-*,presence-lobby,private-encrypted-*'): Promise<PusherClient> {
  const client = await connectPusherJs(gateway, userId, channels);
  clients.push(client);
  return client;
}

function subscribed(client: PusherClient, channelName: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const channel = client.subscribe(channelName);
    channel.bind('pusher:subscription_succeeded', resolve);
    channel.bind('pusher:subscription_error', (error: unknown) => reject(Object.assign(new Error('subscription_error'), { detail: error })));
  });
}

function nextEvent(client: PusherClient, channelName: string, event: string): Promise<unknown> {
  return new Promise((resolve) => client.channel(channelName).bind(event, resolve));
}

describe.each(LOCAL_STORAGES)('with local mode\'s storage $label', (storage) => {
  beforeAll(async () => {
    gateway = await startOn(storage);
    // The real `pusher` package, pointed at local mode's Pusher HTTP API.
    server = new Pusher({ appId: '100001', key: 'local-key', secret: 'local-secret', host: '127.0.0.1', port: String(gateway.port), useTLS: false, encryptionMasterKeyBase64: LOCAL_DEFAULTS['PUSHER_ENCRYPTION_MASTER_KEY_BASE64']! });
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await gateway.close();
  });

  describe('pusher-js and the pusher package against local mode', () => {
    it('subscribes to a private channel through pushgate\'s auth endpoint and receives a triggered event', async () => {
      const client = await connectAs('ann');
      await subscribed(client, 'private-chat-1');
      const received = nextEvent(client, 'private-chat-1', 'greeting');
      await server.trigger('private-chat-1', 'greeting', { hello: 'ann' });
      expect(await received).toEqual({ hello: 'ann' });
    });

    it('fails a forbidden subscription with pusher:subscription_error carrying the HTTP status', async () => {
      const client = await connectAs('ben');
      const failure = await subscribed(client, 'private-user-someone-else').catch((error: { detail: unknown }) => error.detail);
      expect(failure).toMatchObject({ type: 'AuthError', status: 403 });
    });

    it('shows presence members come and go', async () => {
      const carl = await connectAs('carl');
      const presence = (await subscribed(carl, 'presence-lobby')) as { count: number; me: { id: string } };
      expect(presence.me.id).toBe('carl');
      const added = nextEvent(carl, 'presence-lobby', 'pusher:member_added');
      const dina = await connectAs('dina');
      const dinaView = (await subscribed(dina, 'presence-lobby')) as { count: number; members: Record<string, unknown> };
      expect(dinaView.count).toBe(2);
      expect(dinaView.members).toMatchObject({ carl: { name: 'CARL' }, dina: { name: 'DINA' } });
      expect(await added).toMatchObject({ id: 'dina', info: { name: 'DINA' } });
      const removed = nextEvent(carl, 'presence-lobby', 'pusher:member_removed');
      dina.unsubscribe('presence-lobby');
      expect(await removed).toMatchObject({ id: 'dina' });
    });

    it('decrypts events on a private-encrypted channel', async () => {
      const client = await connectAs('eve');
      await subscribed(client, 'private-encrypted-vault');
      const received = nextEvent(client, 'private-encrypted-vault', 'secret');
      await server.trigger('private-encrypted-vault', 'secret', { code: 42 });
      expect(await received).toEqual({ code: 42 });
    });

    it('relays client events to the other subscribers, not the sender', async () => {
      const fay = await connectAs('fay');
      const gus = await connectAs('gus');
      await subscribed(fay, 'private-chat-room');
      await subscribed(gus, 'private-chat-room');
      const received = nextEvent(gus, 'private-chat-room', 'client-typing');
      fay.channel('private-chat-room').trigger('client-typing', { who: 'fay' });
      expect(await received).toEqual({ who: 'fay' });
    });

    it('signs in, receives sendToUser events, and NotifyUser reaches it through the bridge', async () => {
      const client = await connectAs('hal');
      client.signin();
      await client.user.signinDonePromise;
      // pusher-js subscribes to #server-to-user-hal right after sign-in; events sent before that land nowhere.
      await expect.poll(() => (client.user as unknown as { serverToUserChannel?: { subscribed: boolean } }).serverToUserChannel?.subscribed).toBe(true);
      const direct = new Promise((resolve) => client.user.bind('note', resolve));
      await server.sendToUser('hal', 'note', { from: 'server' });
      expect(await direct).toEqual({ from: 'server' });
      const bridged = new Promise((resolve) => client.user.bind('notification', resolve));
      await fetch(`${gateway.url}/local/queues/NotifyUser`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'hal', data: { via: 'NotifyUser' } }) });
      expect(await bridged).toEqual({ via: 'NotifyUser' });
    });

    it('answers the pusher package\'s channel queries', async () => {
      const client = await connectAs('ivy');
      await subscribed(client, 'presence-lobby');
      const response = await server.get({ path: '/channels/presence-lobby', params: { info: 'user_count,subscription_count' } });
      expect(await response.json()).toMatchObject({ occupied: true, user_count: expect.any(Number), subscription_count: expect.any(Number) });
      const users = await (await server.get({ path: '/channels/presence-lobby/users' })).json();
      expect(users.users).toContainEqual({ id: 'ivy' });
    });

    it('refuses HTTP API calls with a bad signature, and oversized events', async () => {
      const forger = new Pusher({ appId: '100001', key: 'local-key', secret: 'not-the-secret', host: '127.0.0.1', port: String(gateway.port), useTLS: false });
      await expect(forger.trigger('private-chat-1', 'x', {})).rejects.toMatchObject({ status: 401 });
      await expect(server.trigger('private-chat-1', 'x', 'y'.repeat(11 * 1024))).rejects.toMatchObject({ status: 413 });
    });
  });
});
