import { expect, it } from 'vitest';
import { subscribed, uniqueName } from './support/clients.ts';
import { describeFeature, useConformance } from './support/suite.ts';
import { webhookInboxContents, type ReceivedWebhookEvent } from './support/webhook-inbox.ts';

// Webhooks to the app, received by the run's inbox (support/webhook-inbox.ts), which checks each
// with the pusher package's own validation, as an app on hosted Pusher does. Against a URL, the
// server must have been configured to post to PUSHGATE_CONFORMANCE_WEBHOOK_PORT; local mode is
// started that way.
const context = useConformance();

describeFeature('webhooks', 'webhooks', () => {
  const inbox = () => {
    if (context.target.webhookInbox === undefined) throw new Error('the webhooks feature needs PUSHGATE_CONFORMANCE_WEBHOOK_PORT');
    return webhookInboxContents(context.target.webhookInbox);
  };
  const on = async (channel: string): Promise<ReceivedWebhookEvent[]> => (await inbox()).events.filter((event) => event.channel === channel);
  const names = async (channel: string) => (await on(channel)).map((event) => event.name);
  const members = async (channel: string, event: string) => (await on(channel)).filter((entry) => entry.name === event).map((entry) => entry['user_id']).sort();

  it('tells the app a channel was occupied, then vacated', async () => {
    const name = uniqueName('', 'hooked');
    const client = await context.clients.pusherJs('hooked');
    await subscribed(client, name);
    await expect.poll(() => names(name)).toContain('channel_occupied');
    client.unsubscribe(name);
    // Pusher, like pushgate, may hold a departure back a few seconds: bounded, not timed.
    await expect.poll(() => names(name), { timeout: 30_000 }).toContain('channel_vacated');
    const seen = await names(name);
    expect(seen.indexOf('channel_occupied')).toBeLessThan(seen.indexOf('channel_vacated'));
  });

  it('tells the app presence members were added and removed, with their user ids', async () => {
    const name = uniqueName('presence-', 'hooked');
    const [ann, bob] = [await context.clients.pusherJs('ann'), await context.clients.pusherJs('bob')];
    await subscribed(ann, name);
    await subscribed(bob, name);
    await expect.poll(() => members(name, 'member_added')).toEqual(['ann', 'bob']);
    bob.disconnect();
    await expect.poll(() => members(name, 'member_removed'), { timeout: 30_000 }).toEqual(['bob']);
  });

  it('relays client events on private and presence channels with the socket_id and, on presence, the user_id', async () => {
    const [privateName, presenceName] = [uniqueName('private-', 'hooked-client'), uniqueName('presence-', 'hooked-client')];
    const sender = await context.clients.pusherJs('cleo');
    const [onPrivate, onPresence] = [await subscribed(sender, privateName), await subscribed(sender, presenceName)];
    // A second subscriber on each, as a client event is for the others.
    const other = await context.clients.pusherJs('dave');
    await subscribed(other, privateName);
    await subscribed(other, presenceName);
    onPrivate.channel.trigger('client-ping', { n: 1 });
    onPresence.channel.trigger('client-wave', { n: 2 });
    const socketId = sender.connection.socket_id;
    const clientEvent = async (channel: string) => (await on(channel)).find((event) => event.name === 'client_event');
    await expect.poll(() => clientEvent(privateName)).toMatchObject({ name: 'client_event', channel: privateName, event: 'client-ping', socket_id: socketId });
    expect(JSON.parse((await clientEvent(privateName))!['data'] as string)).toEqual({ n: 1 });
    await expect.poll(() => clientEvent(presenceName)).toMatchObject({ name: 'client_event', channel: presenceName, event: 'client-wave', socket_id: socketId, user_id: 'cleo' });
  });

  it.skipIf(!context.target.features.includes('subscription_count'))('with subscription counts on [subscription_count], tells the app each channel\'s new subscription count', async () => {
    const name = uniqueName('', 'hooked-count');
    const [first, second] = [await context.clients.pusherJs('counted-1'), await context.clients.pusherJs('counted-2')];
    await subscribed(first, name);
    await subscribed(second, name);
    const lastCount = async () => (await on(name)).filter((event) => event.name === 'subscription_count').at(-1)?.['subscription_count'];
    await expect.poll(lastCount).toBe(2);
    second.unsubscribe(name);
    await expect.poll(lastCount, { timeout: 30_000 }).toBe(1);
  });

  it('signs every webhook so that the pusher package validates it', async () => {
    expect((await inbox()).invalid).toEqual([]);
  });
});
