import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PATHS } from '../../adapters/driving/local/demo-page.ts';
import { startLocalGateway, type LocalGateway } from '../../adapters/driving/local/local-gateway.ts';

/** Issue 16 item 10: local mode never serves a secret to a browser, whatever the developer configured. */

const SECRET = 'developer-real-pusher-secret-3f9a';
const SIGNING_KEY = 'developer-signing-key-material-77c1';
const MASTER_KEY = 'developer-master-key-32-bytes-ok';
const SECRETS = {
  'the app secret': [SECRET],
  'the token signing key': [SIGNING_KEY, Buffer.from(SIGNING_KEY).toString('base64')],
  'the encryption master key': [MASTER_KEY, Buffer.from(MASTER_KEY).toString('base64')],
};

let gateway: LocalGateway;
beforeAll(async () => {
  gateway = await startLocalGateway({
    port: 0,
    quiet: true,
    env: { PUSHER_SECRET: SECRET, TOKEN_SIGNING_KEYS: `dev-1:${Buffer.from(SIGNING_KEY).toString('base64')}`, PUSHER_ENCRYPTION_MASTER_KEY_BASE64: Buffer.from(MASTER_KEY).toString('base64') },
  });
});
afterAll(() => gateway?.close());

/** Every page and script local mode serves, and every script those pages load. */
async function servedToBrowsers(): Promise<Map<string, string>> {
  const served = new Map<string, string>();
  for (const [path, accept] of [[DEMO_PATHS.page, 'text/html'], [DEMO_PATHS.page, 'application/json'], [DEMO_PATHS.pusherJs, '*/*'], ['/local/queues', '*/*'], ['/local/stats', '*/*']] as const) {
    const response = await fetch(`${gateway.url}${path}`, { headers: { accept } });
    expect(response.status, path).toBe(200);
    served.set(`${path} (${accept})`, await response.text());
  }
  const page = served.get(`${DEMO_PATHS.page} (text/html)`) ?? '';
  for (const [, src] of page.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) {
    const response = await fetch(new URL(src!, gateway.url));
    expect(response.status, src).toBe(200);
    served.set(src!, await response.text());
  }
  return served;
}

describe('what local mode serves to a browser', () => {
  it('never holds the secret, the signing key or the master key', async () => {
    const served = await servedToBrowsers();
    expect([...served.keys()]).toContain(DEMO_PATHS.pusherJs);
    expect(served.get(`${DEMO_PATHS.page} (text/html)`)).toContain('local-key');
    for (const [what, forms] of Object.entries(SECRETS)) {
      for (const [path, body] of served) for (const form of forms) expect(body.includes(form), `${what} in ${path}`).toBe(false);
    }
  });
});
