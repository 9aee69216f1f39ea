import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { issueToken } from './support/clients.ts';
import { localPusherJs, type PusherClient } from './support/pusher-js-client.ts';


/**
 * `CHANNELS=pushgate`: the bridge and revocation reach pusher-js users on pushgate's own channels
 * directly (a publish to `#server-to-user-<id>`, the sockets signed in as them), as a stack with
 * `channels: pushgate` does, and never through the Pusher HTTP API.
 */
let gateway: LocalGateway;
const clients: PusherClient[] = [];
beforeAll(async () => {
  gateway = await startLocalGateway({ port: 0, quiet: true, env: { CHANNELS: 'pushgate' } });
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await gateway.close();
});

async function signedIn(userId: string): Promise<{ client: PusherClient; token: string }> {
  const { access_token: token } = await issueToken(gateway.url, userId);
  const headers = { Authorization: `Bearer ${token}` };
  const client = localPusherJs(gateway, { userAuthentication: { endpoint: `${gateway.url}/pusher/user-auth`, transport: 'ajax', headers } });
  clients.push(client);
  client.signin();
  await client.user.signinDonePromise;
  await expect.poll(() => (client.user as unknown as { serverToUserChannel?: { subscribed: boolean } }).serverToUserChannel?.subscribed).toBe(true);
  return { client, token };
}

describe("local mode with CHANNELS=pushgate: the stack's own channels, reached directly", () => {
  it('delivers a NotifyUser notification to the signed-in pusher-js client without calling the Pusher HTTP API', async () => {
    const { client } = await signedIn('own-ann');
    const httpApiCalls = vi.fn();
    const fetched = globalThis.fetch;
    const received = new Promise((resolve) => client.user.bind('notification', resolve));
    globalThis.fetch = ((...args: Parameters<typeof fetch>) => (httpApiCalls(String(args[0])), fetched(...args))) as typeof fetch;
    try {
      await fetched(`${gateway.url}/local/queues/NotifyUser`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'own-ann', data: { via: 'own channels' } }) });
      expect(await received).toEqual({ via: 'own channels' });
    } finally {
      globalThis.fetch = fetched;
    }
    expect(httpApiCalls.mock.calls.filter(([url]) => String(url).includes('/apps/'))).toEqual([]);
  });

  it("closes a revoked user's pusher-js socket", async () => {
    const { client } = await signedIn('own-bob');
    const disconnected = new Promise<void>((resolve) => client.connection.bind('state_change', ({ current }: { current: string }) => current !== 'connected' && resolve()));
    const revoked = await fetch(`${gateway.url}/token/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('local-key:local-secret').toString('base64')}` },
      body: new URLSearchParams({ user_id: 'own-bob' }),
    });
    expect(revoked.status).toBe(200);
    await disconnected;
  });
});
