import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Pusher from 'pusher';

/** A webhook event as the app reads it (`name`, `channel`, and the event's own fields). */
export interface ReceivedWebhookEvent {
  readonly name: string;
  readonly channel: string;
  readonly [field: string]: unknown;
}

/** What the inbox answers on `GET /received`: the valid events, and a line for each request that failed validation. */
export interface WebhookInboxContents {
  readonly events: readonly ReceivedWebhookEvent[];
  readonly invalid: readonly string[];
}

/**
 * The app's webhook endpoint, listening for the whole run (so nothing the server posts finds the
 * port closed): every POST is checked with the `pusher` package's own validation (X-Pusher-Key and
 * X-Pusher-Signature), as an app on hosted Pusher checks it, and answered 200 or 401. The test files
 * read what arrived with `GET /received`, from loopback only.
 */
export async function startWebhookInbox(credentials: { readonly appId: string; readonly key: string; readonly secret: string }, listener: { readonly host: string; readonly port: number }): Promise<{ readonly url: string; close(): Promise<void> }> {
  const validator = new Pusher({ ...credentials, host: 'validation-only.invalid' });
  const events: ReceivedWebhookEvent[] = [];
  const invalid: string[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((rawBody) => {
      if (request.method === 'GET' && request.url === '/received') {
        if (!isLoopback(request.socket.remoteAddress)) return void response.writeHead(404).end();
        return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ events, invalid } satisfies WebhookInboxContents));
      }
      const webhook = validator.webhook({ headers: request.headers, rawBody });
      if (!webhook.isValid()) {
        invalid.push(`${request.method} ${request.url} key=${String(request.headers['x-pusher-key'])} body=${rawBody.slice(0, 200)}`);
        return void response.writeHead(401).end();
      }
      events.push(...(webhook.getEvents() as unknown as ReceivedWebhookEvent[]));
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listener.port, listener.host, () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** What the inbox holds now. */
export async function webhookInboxContents(url: string): Promise<WebhookInboxContents> {
  return (await fetch(`${url}/received`)).json() as Promise<WebhookInboxContents>;
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
