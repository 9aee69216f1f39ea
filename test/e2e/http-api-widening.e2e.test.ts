import { createRequire } from 'node:module';
import Pusher from 'pusher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../adapters/driving/local/local-gateway.ts';

// The attack: capture one signed `GET /channels?filter_by_prefix=…` and, without the secret, make
// local mode's Pusher HTTP API list every channel inside the request's 600 s.
const { createSignedQueryString } = createRequire(import.meta.url)('pusher/lib/requests.js') as {
  createSignedQueryString(token: unknown, request: { method: string; path: string; params?: Record<string, string> }): string;
};

let gateway: LocalGateway;
let captured: string;
const PATH = '/apps/100001/channels';

beforeAll(async () => {
  gateway = await startLocalGateway({ port: 0, quiet: true });
  const pusher = new Pusher({ appId: '100001', key: 'local-key', secret: 'local-secret', host: '127.0.0.1', port: String(gateway.port), useTLS: false });
  captured = createSignedQueryString((pusher as unknown as { config: { token: unknown } }).config.token, { method: 'GET', path: PATH, params: { filter_by_prefix: 'presence-' } });
});
afterAll(async () => {
  await gateway.close();
});

const get = (query: string) => fetch(`${gateway.url}${PATH}?${query}`);

describe("local mode's Pusher HTTP API reads only what was signed", () => {
  it('answers the captured request as it was signed', async () => {
    expect((await get(captured)).status).toBe(200);
  });

  it.each([
    ['an upper-cased name', (query: string) => query.replace('filter_by_prefix=', 'FILTER_BY_PREFIX=')],
    ['a parameter hidden in an encoded value', (query: string) => query.replace('auth_version=1.0', 'auth_version=1.0%26filter_by_prefix%3Dpresence-').replace('&filter_by_prefix=presence-', '')],
    ['a second auth_signature', (query: string) => `${query}&auth_signature=${'0'.repeat(64)}`],
  ])('refuses the captured request widened by %s (401)', async (_attack, widen) => {
    const response = await get(widen(captured));
    expect(response.status).toBe(401);
    expect(await response.json()).not.toHaveProperty('channels');
  });
});
