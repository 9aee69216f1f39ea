import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { subscribed, uniqueName } from './support/clients.ts';
import { describeFeature, useConformance } from './support/suite.ts';

// Webhooks to the app, received here and checked with the pusher package's own validation (key and
// X-Pusher-Signature), as an app on hosted Pusher checks them. Against a URL, the server must have
// been configured to post to PUSHGATE_CONFORMANCE_WEBHOOK_PORT; local mode is started that way.
const context = useConformance();

interface ReceivedEvent {
  readonly name: string;
  readonly channel: string;
  readonly [field: string]: unknown;
}

describeFeature('webhooks', 'webhooks', () => {
  const received: ReceivedEvent[] = [];
  const invalid: string[] = [];
  let server: Server | undefined;

  beforeAll(async () => {
    const listener = context.target.webhookListener;
    if (listener === undefined) throw new Error('the webhooks feature needs PUSHGATE_CONFORMANCE_WEBHOOK_PORT');
    server = createServer((request, response) => {
      void readBody(request).then((rawBody) => {
        const webhook = context.app.pusher.webhook({ headers: request.headers, rawBody });
        if (!webhook.isValid()) {
          invalid.push(`${request.headers['x-pusher-key']} ${request.headers['x-pusher-signature']} ${rawBody.slice(0, 200)}`);
          return void response.writeHead(401).end();
        }
        received.push(...(webhook.getEvents() as unknown as ReceivedEvent[]));
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(listener.port, listener.host, () => resolve());
    });
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  });

  const on = (channel: string) => received.filter((event) => event.channel === channel);
  const names = (channel: string) => on(channel).map((event) => event.name);

  it('tells the app a channel was occupied, then vacated', async () => {
    const name = uniqueName('', 'hooked');
    const client = await context.clients.pusherJs('hooked');
    await subscribed(client, name);
    await expect.poll(() => names(name)).toContain('channel_occupied');
    client.unsubscribe(name);
    await expect.poll(() => names(name)).toContain('channel_vacated');
    expect(names(name).indexOf('channel_occupied')).toBeLessThan(names(name).indexOf('channel_vacated'));
    expect(invalid).toEqual([]);
  });

  it('tells the app presence members were added and removed, with their user ids', async () => {
    const name = uniqueName('presence-', 'hooked');
    const [ann, bob] = [await context.clients.pusherJs('ann'), await context.clients.pusherJs('bob')];
    await subscribed(ann, name);
    await subscribed(bob, name);
    const members = (event: string) => on(name).filter((entry) => entry.name === event).map((entry) => entry['user_id']).sort();
    await expect.poll(() => members('member_added')).toEqual(['ann', 'bob']);
    bob.disconnect();
    // Pusher holds member_removed back a few seconds (a quick reconnect sends nothing): bounded, not timed.
    await expect.poll(() => members('member_removed'), { timeout: 30_000 }).toEqual(['bob']);
    expect(invalid).toEqual([]);
  });

  it('relays client events on private and presence channels with the socket_id and, on presence, the user_id', async () => {
    const [privateName, presenceName] = [uniqueName('private-', 'hooked-client'), uniqueName('presence-', 'hooked-client')];
    const sender = await context.clients.pusherJs('cleo');
    const [onPrivate, onPresence] = [await subscribed(sender, privateName), await subscribed(sender, presenceName)];
    // A second subscriber, so the channel is more than the sender (Pusher relays client events to others).
    const other = await context.clients.pusherJs('dave');
    await subscribed(other, privateName);
    await subscribed(other, presenceName);
    onPrivate.channel.trigger('client-ping', { n: 1 });
    onPresence.channel.trigger('client-wave', { n: 2 });
    const socketId = sender.connection.socket_id;
    await expect.poll(() => on(privateName).find((event) => event.name === 'client_event')).toMatchObject({ name: 'client_event', channel: privateName, event: 'client-ping', socket_id: socketId });
    expect(JSON.parse(on(privateName).find((event) => event.name === 'client_event')!['data'] as string)).toEqual({ n: 1 });
    await expect.poll(() => on(presenceName).find((event) => event.name === 'client_event')).toMatchObject({ name: 'client_event', channel: presenceName, event: 'client-wave', socket_id: socketId, user_id: 'cleo' });
    expect(invalid).toEqual([]);
  });
});

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
