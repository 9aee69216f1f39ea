import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { issueToken, TestSocket } from '../e2e/support/clients.ts';
import { FUZZ_RUNS, FUZZ_SEED } from './fuzz-settings.ts';

const QUEUE_VISIBILITY_TIMEOUT_MS = 50;
let gateway: LocalGateway;
beforeAll(async () => {
  // A short visibility timeout lets malformed messages reach the dead-letter queue within the test.
  gateway = await startLocalGateway({ port: 0, quiet: true, queueVisibilityTimeoutMs: QUEUE_VISIBILITY_TIMEOUT_MS });
});
afterAll(() => gateway.close());

const paths = fc.oneof(
  fc.constantFrom('/token', '/pusher/auth', '/pusher/user-auth', '/pusher/webhook', '/@connections/abc=', '/staging/@connections/x', '/local/queues/NotifyUser', '/local/queues/NotifyConnection', '/local/queues', '/', '/nope', '/@connections/', '/%ff', '/pusher/auth?callback=alert(1)', '/@connections/%zz', '//', '/local/queues/NotifyUser?x=%', '/apps/100001/events', '/apps/100001/batch_events', '/apps/100001/channels?info=%', '/apps/100001/channels/%zz/users', '/apps/100001/users/%/terminate_connections', '/apps/2/channels'),
  fc.webPath(),
);

describe(`the local gateway's HTTP and WebSocket parsing (${FUZZ_RUNS} inputs each, seed ${FUZZ_SEED})`, () => {
  it('never answers a client\'s request with a 5xx, and refuses oversized bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'OPTIONS', 'PATCH'),
        paths,
        fc.option(fc.oneof(fc.string({ maxLength: 300 }), fc.json(), fc.constant('x'.repeat(1024 * 1024 + 1))), { nil: undefined }),
        fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream'),
        async (method, path, body, contentType) => {
          const withBody = body !== undefined && method !== 'GET';
          const response = await fetch(`${gateway.url}${path.startsWith('/') ? path : `/${path}`}`, { method, headers: { 'content-type': contentType }, ...(withBody ? { body } : {}) });
          await response.arrayBuffer();
          expect(response.status, `${method} ${path}`).toBeLessThan(500);
          if (method === 'POST' && withBody && body.length > 1024 * 1024) expect(response.status, 'an oversized body is refused').toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    );
    // What the queues received was handled or dead-lettered, never crashed the process.
    await gateway.queues.NotifyUser.drained(30_000);
    await gateway.queues.NotifyConnection.drained(30_000);
    expect((await fetch(`${gateway.url}/`)).status).toBe(200);
  });

  it('answers every text or binary frame with exactly one reply and keeps the connection open', async () => {
    const socket = await TestSocket.open(`${gateway.websocketUrl}?token=${(await issueToken(gateway.url, 'fuzzer')).access_token}`);
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), fc.record({ action: fc.string({ maxLength: 20 }) }).map((value) => JSON.stringify(value))), async (frame) => {
        socket.socket.send(frame);
        sent += 1;
        await socket.waitFor(sent, 5000);
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    );
    expect(socket.received).toHaveLength(sent);
    expect(socket.socket.readyState).toBe(socket.socket.OPEN);
    await socket.close();
  });
});
