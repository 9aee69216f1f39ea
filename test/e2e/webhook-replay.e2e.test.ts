import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../adapters/driving/local/local-gateway.ts';

let gateway: LocalGateway;
beforeAll(async () => {
  gateway = await startLocalGateway({ port: 0, quiet: true });
});
afterAll(() => gateway.close());

function post(body: string): Promise<Response> {
  return fetch(`${gateway.url}/pusher/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pusher-key': 'local-key', 'x-pusher-signature': createHmac('sha256', 'local-secret').update(body).digest('hex') },
    body,
  });
}

describe('a captured webhook replayed to local mode', () => {
  it('is answered 200 each time, but handed on only the first time', async () => {
    const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: 'channel_occupied', channel: 'private-replayed' }] });
    const first = await post(body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, events: 1 });
    for (let replay = 0; replay < 3; replay += 1) {
      const again = await post(body);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ ok: true, events: 1, replay: true });
    }
    const next = await post(JSON.stringify({ time_ms: Date.now() + 1, events: [{ name: 'channel_vacated', channel: 'private-replayed' }] }));
    expect(await next.json()).toEqual({ ok: true, events: 1 });
  });
});
