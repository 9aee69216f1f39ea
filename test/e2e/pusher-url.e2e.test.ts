import Pusher from 'pusher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DEFAULTS } from '../../adapters/driving/local/local-environment.ts';
import { startLocalGateway, type LocalGateway } from '../../adapters/driving/local/local-gateway.ts';

let gateway: LocalGateway;
beforeAll(async () => {
  gateway = await startLocalGateway({ port: 0, quiet: true });
});
afterAll(() => gateway?.close());

describe('PUSHER_URL-style configuration against local mode', () => {
  it('has a numeric default app id, the only kind pusher-http-go and PUSHER_URL parsers accept', () => {
    expect(gateway.config.pusher.appId).toBe(LOCAL_DEFAULTS['PUSHER_APP_ID']);
    // pusher-http-go's ClientFromURL: `/apps/(\d+)`; anything else is "No app ID found".
    expect(`/apps/${gateway.config.pusher.appId}`).toMatch(/^\/apps\/\d+$/);
  });

  it('works from one URL, http://<key>:<secret>@127.0.0.1:<port>/apps/<id>, as the README shows', async () => {
    const pusher = Pusher.forURL(`http://local-key:local-secret@127.0.0.1:${gateway.port}/apps/${gateway.config.pusher.appId}`);
    const response = await pusher.trigger('orders', 'created', { id: 1 });
    expect(response.status).toBe(200);
    const channels = await pusher.get({ path: '/channels' });
    expect(channels.status).toBe(200);
  });
});
