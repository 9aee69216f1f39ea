import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startLocalGateway, type LocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { issueToken } from './support/clients.ts';

/** The attacks of issue 18 item 1 on local mode, and the developer's own pages that must keep working. */

const DEV_SERVER = 'http://localhost:3000';
const FOREIGN = 'https://evil.example';

let gateway: LocalGateway;
beforeAll(async () => {
  gateway = await startLocalGateway({ port: 0, quiet: true, env: { LOCAL_ALLOWED_HOSTS: 'devbox.test', LOCAL_ALLOWED_ORIGINS: 'https://app.example' } });
});
afterAll(() => gateway?.close());

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly reusedSocket: boolean;
}

/** node:http rather than fetch: fetch may not set `Host`. */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer, agent?: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: gateway.port, method, path, headers: { ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }), ...headers }, ...(agent === undefined ? {} : { agent }) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), reusedSocket: request.reusedSocket }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

function tokenRequestHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Basic ${Buffer.from('local-key:local-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded', ...extra };
}

/** Opens a WebSocket with these headers: the HTTP status of a refusal, or 101 once open. */
function upgrade(path: string, headers: Record<string, string>): Promise<{ status: number; firstMessage?: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}${path}`, { headers });
    socket.once('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0 }));
    socket.once('message', (data) => {
      resolve({ status: 101, firstMessage: data.toString() });
      socket.close();
    });
    socket.once('open', () => {
      if (!path.startsWith('/app/')) {
        resolve({ status: 101 });
        socket.close();
      }
    });
    socket.once('error', (error) => (error.message.includes('Unexpected server response') ? undefined : reject(error)));
  });
}

describe('a DNS-rebinding page (Host is not this server)', () => {
  it('gets nothing: not the demo page, not a token', async () => {
    const page = await send('GET', '/', { host: `evil.example:${gateway.port}`, accept: 'text/html' });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('pushgate-config');
    const token = await send('POST', '/token', tokenRequestHeaders({ host: `rebound.evil.example:${gateway.port}` }), 'grant_type=client_credentials&user_id=x');
    expect(token.status).toBe(403);
    expect(token.body).not.toContain('access_token');
  });

  it('cannot upgrade either', async () => {
    const { access_token: token } = await issueToken(gateway.url, 'rebinding');
    expect((await upgrade(`/?token=${token}`, { host: `evil.example:${gateway.port}` })).status).toBe(403);
    expect((await upgrade('/app/local-key', { host: `evil.example:${gateway.port}` })).status).toBe(403);
  });

  it('loopback names on this port and configured names are served', async () => {
    for (const host of [`127.0.0.1:${gateway.port}`, `localhost:${gateway.port}`, `[::1]:${gateway.port}`, `devbox.test:${gateway.port}`]) {
      expect((await send('GET', '/', { host })).status, host).toBe(200);
    }
    expect((await send('GET', '/', { host: `localhost:${gateway.port + 1}` })).status, 'another port is another server').toBe(403);
  });
});

describe('a foreign origin', () => {
  it('cannot read /token or mint one', async () => {
    const minted = await send('POST', '/token', tokenRequestHeaders({ origin: FOREIGN }), 'grant_type=client_credentials&user_id=x');
    expect(minted.status).toBe(403);
    expect(minted.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await send('OPTIONS', '/token', { origin: FOREIGN, 'access-control-request-method': 'POST' });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('cannot read /local/queues (dead letters hold notification bodies) nor preflight DELETE /@connections', async () => {
    const queues = await send('GET', '/local/queues', { origin: FOREIGN });
    expect(queues.status).toBe(403);
    expect(queues.body).not.toContain('NotifyUser');
    const preflight = await send('OPTIONS', '/@connections/abc=', { origin: FOREIGN, 'access-control-request-method': 'DELETE' });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('cannot queue a notification with a plain cross-site form post (text/plain, any origin or none)', async () => {
    const depthBefore = gateway.queues.NotifyUser.depth();
    const message = JSON.stringify({ userId: 'victim', data: { phish: true } });
    expect((await send('POST', '/local/queues/NotifyUser', { origin: FOREIGN, 'content-type': 'text/plain' }, message)).status).toBe(403);
    expect((await send('POST', '/local/queues/NotifyUser', { origin: 'null', 'content-type': 'text/plain' }, message)).status).toBe(403);
    expect((await send('POST', '/local/queues/NotifyUser', { 'content-type': 'text/plain' }, message)).status).toBe(415);
    expect((await send('POST', '/local/queues/NotifyUser', { origin: DEV_SERVER, 'content-type': 'application/x-www-form-urlencoded' }, message)).status).toBe(415);
    expect(gateway.queues.NotifyUser.depth()).toBe(depthBefore);
  });

  it('cannot upgrade to the WebSocket API or the Pusher protocol; clients without an Origin can', async () => {
    const { access_token: token } = await issueToken(gateway.url, 'upgrader');
    expect((await upgrade(`/?token=${token}`, { origin: FOREIGN })).status).toBe(403);
    expect((await upgrade('/app/local-key', { origin: FOREIGN })).status).toBe(403);
    expect((await upgrade(`/?token=${token}`, {})).status).toBe(101);
    expect((await upgrade('/app/local-key', {})).firstMessage).toContain('pusher:connection_established');
  });
});

describe("the developer's own pages on another localhost port", () => {
  it('upgrade to both WebSocket endpoints', async () => {
    const { access_token: token } = await issueToken(gateway.url, 'developer');
    for (const origin of [DEV_SERVER, 'http://127.0.0.1:5173', 'http://[::1]:8080', 'https://app.example']) {
      expect((await upgrade(`/?token=${token}`, { origin })).status, origin).toBe(101);
      expect((await upgrade('/app/local-key', { origin })).firstMessage, origin).toContain('pusher:connection_established');
    }
  });

  it("call pusher-js's auth endpoints cross-origin (CORS for that origin only), but never /token or /local/*", async () => {
    const preflight = await send('OPTIONS', '/pusher/auth', { origin: DEV_SERVER, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(DEV_SERVER);
    const { access_token: token } = await issueToken(gateway.url, 'developer', { channels: 'private-chat-*' });
    const auth = await send('POST', '/pusher/auth', { origin: DEV_SERVER, authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, 'socket_id=1.2&channel_name=private-chat-a');
    expect(auth.status).toBe(200);
    expect(auth.headers['access-control-allow-origin']).toBe(DEV_SERVER);
    expect(auth.headers['vary']).toContain('origin');

    const minted = await send('POST', '/token', tokenRequestHeaders({ origin: DEV_SERVER }), 'grant_type=client_credentials&user_id=x');
    expect(minted.headers['access-control-allow-origin']).toBeUndefined();
    expect((await send('OPTIONS', '/token', { origin: DEV_SERVER, 'access-control-request-method': 'POST' })).headers['access-control-allow-origin']).toBeUndefined();
    expect((await send('GET', '/local/queues', { origin: DEV_SERVER })).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('the demo page gets its tokens from the server (issue 16 item 10)', () => {
  it('POST /local/demo-token answers the page itself only, with JSON only', async () => {
    const body = JSON.stringify({ user_id: 'demo-user' });
    const own = await send('POST', '/local/demo-token', { origin: `http://127.0.0.1:${gateway.port}`, host: `127.0.0.1:${gateway.port}`, 'content-type': 'application/json' }, body);
    expect(own.status).toBe(200);
    expect(JSON.parse(own.body)).toEqual({ access_token: expect.any(String), expires_in: expect.any(Number) });
    expect((await send('POST', '/local/demo-token', { origin: DEV_SERVER, 'content-type': 'application/json' }, body)).status, 'another localhost page').toBe(403);
    expect((await send('POST', '/local/demo-token', { origin: FOREIGN, 'content-type': 'application/json' }, body)).status).toBe(403);
    expect((await send('POST', '/local/demo-token', { 'content-type': 'text/plain' }, body)).status).toBe(415);
  });
});

describe('a refused upload (issue 16 item 9)', () => {
  it('leaves the keep-alive connection usable for the next two requests', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send('POST', '/pusher/webhook', { 'content-type': 'application/json' }, Buffer.alloc(2 * 1024 * 1024, 'x'), agent);
      expect(refused.status).toBe(413);
      const jsonp = `/pusher/auth?${new URLSearchParams({ callback: "Pusher.auth_callbacks['1']", socket_id: '1.2', channel_name: 'private-chat-a' })}`;
      for (const attempt of [1, 2]) {
        const next = await send('GET', jsonp, {}, undefined, agent);
        expect(next.status, `request ${attempt} after the 413`).toBe(200);
        expect(next.body).toContain("Pusher.auth_callbacks['1']");
        expect(next.reusedSocket, `request ${attempt} rides the same connection`).toBe(true);
      }
    } finally {
      agent.destroy();
    }
  });
});
