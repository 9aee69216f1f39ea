import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Pusher from 'pusher';
import { hostAndPort, type ConformanceTarget } from './conformance-target.ts';

/**
 * The app's side, as a real app on hosted Pusher has it: the `pusher` package for publishing, and
 * its own auth endpoints on loopback that sign with `authorizeChannel` / `authenticateUser`.
 * Who is asking comes as pusher-js `params` (`user_id`, `watchlist`); a channel whose name holds
 * `forbidden` is refused with 403, as an app refuses a user what is not theirs.
 */
export interface ConformanceApp {
  /** The app's server SDK, pointed at the target's HTTP API. */
  readonly pusher: Pusher;
  /** `http://127.0.0.1:<port>/pusher/auth`. */
  readonly channelAuthEndpoint: string;
  /** `http://127.0.0.1:<port>/pusher/user-auth`. */
  readonly userAuthEndpoint: string;
  close(): Promise<void>;
}

/** The server never sees it (pusher-js decrypts with the shared secret the auth endpoint hands out), so any key will do. */
const ENCRYPTION_MASTER_KEY = randomBytes(32).toString('base64');

export function appSdk(target: ConformanceTarget, secret = target.secret): Pusher {
  const http = hostAndPort(target.httpUrl);
  return new Pusher({ appId: target.appId, key: target.key, secret, host: http.host, port: String(http.port), useTLS: http.tls, encryptionMasterKeyBase64: ENCRYPTION_MASTER_KEY, timeout: 15_000 });
}

export async function startApp(target: ConformanceTarget): Promise<ConformanceApp> {
  const pusher = appSdk(target);
  const server = createServer((request, response) => {
    void answer(pusher, request).then(
      ({ status, body }) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
      (error: unknown) => response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) })),
    );
  });
  const base = await listen(server);
  return {
    pusher,
    channelAuthEndpoint: `${base}/pusher/auth`,
    userAuthEndpoint: `${base}/pusher/user-auth`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function answer(pusher: Pusher, request: IncomingMessage): Promise<{ status: number; body: unknown }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  const socketId = form.get('socket_id') ?? '';
  const userId = form.get('user_id') ?? '';
  if (request.method !== 'POST') return { status: 405, body: { error: 'POST only' } };
  if (request.url === '/pusher/auth') {
    const channel = form.get('channel_name') ?? '';
    if (channel.includes('forbidden')) return { status: 403, body: { error: `${userId} may not join ${channel}` } };
    if (channel.startsWith('presence-')) return { status: 200, body: pusher.authorizeChannel(socketId, channel, { user_id: userId, user_info: { name: userId.toUpperCase() } }) };
    return { status: 200, body: pusher.authorizeChannel(socketId, channel) };
  }
  if (request.url === '/pusher/user-auth') {
    const watchlist = form.get('watchlist');
    return { status: 200, body: pusher.authenticateUser(socketId, { id: userId, user_info: { name: userId.toUpperCase() }, ...(watchlist === null ? {} : { watchlist: watchlist.split(',') }) }) };
  }
  return { status: 404, body: { error: `no ${request.url}` } };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
