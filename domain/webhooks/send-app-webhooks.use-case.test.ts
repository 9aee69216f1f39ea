import Pusher from 'pusher';
import { describe, expect, it } from 'vitest';
import { InMemorySubscriptionRegistry } from '../../adapters/driven/in-memory/in-memory-subscription-registry.ts';
import { InMemoryWebhookAnnouncements } from '../../adapters/driven/in-memory/in-memory-webhook-announcements.ts';
import { ManualClock } from '../../adapters/driven/in-memory/manual-clock.ts';
import { TEST_CREDENTIALS } from '../../test/support/test-domain.ts';
import type { WebhookSignal } from './app-webhooks.ts';
import { SendAppWebhooks } from './send-app-webhooks.use-case.ts';
import { SignallingSubscriptionRegistry } from './signalling-subscription-registry.ts';

function setup(options: { subscriptionCountEvents?: boolean } = {}) {
  const registry = new InMemorySubscriptionRegistry();
  const posted: { body: string; headers: Record<string, string> }[] = [];
  let failing = false;
  const sender = {
    post: async (body: string, headers: Readonly<Record<string, string>>) => {
      if (failing) throw new Error('the app answered 503');
      posted.push({ body, headers: { ...headers } });
    },
  };
  const sent: { signals: readonly WebhookSignal[]; delaySeconds: number | undefined }[] = [];
  const signalling = new SignallingSubscriptionRegistry({ registry, signals: { send: async (signals, options) => void sent.push({ signals, delaySeconds: options?.delaySeconds }) }, onSignalFailure: () => undefined });
  const webhooks = new SendAppWebhooks({ registry, announcements: new InMemoryWebhookAnnouncements(), sender, clock: new ManualClock(), credentials: TEST_CREDENTIALS, ...options });
  const events = () => posted.flatMap((post) => (JSON.parse(post.body) as { events: unknown[] }).events);
  return { registry, signalling, webhooks, posted, sent, events, fail: (value: boolean) => (failing = value) };
}

/**
 * Workers over one registry and one record of announcements, as two Lambda instances are; the
 * app's endpoint holds the first request back until `releaseFirstPost`, so it lands last.
 */
function racingWorkers(options: { subscriptionCountEvents?: boolean } = {}) {
  const registry = new InMemorySubscriptionRegistry();
  const announcements = new InMemoryWebhookAnnouncements();
  const events: unknown[] = [];
  let releaseFirstPost: () => void = () => undefined;
  const firstHeld = new Promise<void>((resolve) => (releaseFirstPost = resolve));
  let posts = 0;
  const sender = {
    post: async (body: string) => {
      if ((posts += 1) === 1) await firstHeld;
      events.push(...(JSON.parse(body) as { events: unknown[] }).events);
    },
  };
  const worker = () => new SendAppWebhooks({ registry, announcements, sender, clock: new ManualClock(), credentials: TEST_CREDENTIALS, ...options });
  return { registry, worker, events, releaseFirstPost: () => releaseFirstPost() };
}

describe('SendAppWebhooks', () => {
  it('with subscription counts on, announces each new count of a non-presence channel once (after occupied, before vacated)', async () => {
    const { registry, webhooks, events } = setup({ subscriptionCountEvents: true });
    await registry.add('1.1', 'private-counted');
    await registry.add('1.2', 'private-counted');
    await registry.add('1.3', 'presence-uncounted', { userId: 'ann' });
    await webhooks.execute([{ kind: 'occupancy', channel: 'private-counted' }, { kind: 'occupancy', channel: 'presence-uncounted' }]);
    expect(events()).toEqual([
      { name: 'channel_occupied', channel: 'private-counted' },
      { name: 'subscription_count', channel: 'private-counted', subscription_count: 2 },
      { name: 'channel_occupied', channel: 'presence-uncounted' },
    ]);
    await webhooks.execute([{ kind: 'occupancy', channel: 'private-counted' }]);
    expect(events(), 'no change, nothing sent').toHaveLength(3);
    await registry.remove('1.1', 'private-counted');
    await webhooks.execute([{ kind: 'occupancy', channel: 'private-counted' }]);
    await registry.remove('1.2', 'private-counted');
    await webhooks.execute([{ kind: 'occupancy', channel: 'private-counted' }]);
    expect(events().slice(3)).toEqual([
      { name: 'subscription_count', channel: 'private-counted', subscription_count: 1 },
      { name: 'subscription_count', channel: 'private-counted', subscription_count: 0 },
      { name: 'channel_vacated', channel: 'private-counted' },
    ]);
  });

  it('leaves the app with the true count when two workers race on one channel and the stale post lands last', async () => {
    const { registry, worker, events, releaseFirstPost } = racingWorkers({ subscriptionCountEvents: true });
    await registry.add('1.1', 'raced');
    const stale = worker().execute([{ kind: 'occupancy', channel: 'raced' }]);
    await registry.add('1.2', 'raced');
    await worker().execute([{ kind: 'occupancy', channel: 'raced' }]);
    releaseFirstPost();
    await stale;
    const counts = events.filter((event) => (event as { name: string }).name === 'subscription_count');
    expect(counts.at(-1)).toEqual({ name: 'subscription_count', channel: 'raced', subscription_count: 2 });
  });

  it('tells vacated too when a worker that saw the channel occupied posts after the one that saw it vacated (and sent nothing)', async () => {
    const { registry, worker, events, releaseFirstPost } = racingWorkers();
    await registry.add('1.1', 'flicker');
    const occupiedWorker = worker().execute([{ kind: 'occupancy', channel: 'flicker' }]);
    await registry.remove('1.1', 'flicker');
    await worker().execute([{ kind: 'occupancy', channel: 'flicker' }]);
    releaseFirstPost();
    await occupiedWorker;
    expect(events).toEqual([{ name: 'channel_occupied', channel: 'flicker' }, { name: 'channel_vacated', channel: 'flicker' }]);
  });

  it('sends no subscription_count event with subscription counts off (the default)', async () => {
    const { registry, webhooks, events } = setup();
    await registry.add('1.1', 'private-uncounted');
    await webhooks.execute([{ kind: 'occupancy', channel: 'private-uncounted' }]);
    expect(events()).toEqual([{ name: 'channel_occupied', channel: 'private-uncounted' }]);
  });

  it('announces a channel occupied and vacated, and a member added and removed, once each, signed as Pusher signs', async () => {
    const { registry, webhooks, posted, events } = setup();
    await registry.add('1.1', 'presence-room', { userId: 'ann' });
    await webhooks.execute([{ kind: 'occupancy', channel: 'presence-room' }, { kind: 'presence', channel: 'presence-room', userId: 'ann' }, { kind: 'occupancy', channel: 'presence-room' }]);
    expect(events()).toEqual([{ name: 'channel_occupied', channel: 'presence-room' }, { name: 'member_added', channel: 'presence-room', user_id: 'ann' }]);
    await webhooks.execute([{ kind: 'occupancy', channel: 'presence-room' }]);
    expect(events()).toHaveLength(2);
    await registry.removeSocket('1.1');
    await webhooks.execute([{ kind: 'presence', channel: 'presence-room', userId: 'ann' }, { kind: 'occupancy', channel: 'presence-room' }]);
    expect(events().slice(2)).toEqual([{ name: 'member_removed', channel: 'presence-room', user_id: 'ann' }, { name: 'channel_vacated', channel: 'presence-room' }]);
    // The pusher package, as an app would use it, accepts every request.
    const pusher = new Pusher({ appId: TEST_CREDENTIALS.appId, key: TEST_CREDENTIALS.key, secret: TEST_CREDENTIALS.secret, cluster: 'eu' });
    for (const post of posted) expect(pusher.webhook({ headers: post.headers, rawBody: post.body }).isValid()).toBe(true);
  });

  it('sends neither member_removed nor member_added when a member leaves and is back before the check', async () => {
    const { registry, webhooks, events } = setup();
    await registry.add('1.1', 'presence-room', { userId: 'ann' });
    await webhooks.execute([{ kind: 'presence', channel: 'presence-room', userId: 'ann' }]);
    await registry.remove('1.1', 'presence-room');
    await registry.add('1.2', 'presence-room', { userId: 'ann' });
    await webhooks.execute([{ kind: 'presence', channel: 'presence-room', userId: 'ann' }, { kind: 'presence', channel: 'presence-room', userId: 'ann' }]);
    expect(events()).toEqual([{ name: 'member_added', channel: 'presence-room', user_id: 'ann' }]);
  });

  it('posts at most 20 events a request, and records nothing when the app refuses, so the retry sends the same again', async () => {
    const { registry, webhooks, posted, events, fail } = setup();
    const channels = Array.from({ length: 25 }, (_, index) => `news-${index}`);
    for (const channel of channels) await registry.add('1.1', channel);
    fail(true);
    await expect(webhooks.execute(channels.map((channel) => ({ kind: 'occupancy', channel })))).rejects.toThrow(/503/);
    fail(false);
    expect(await webhooks.execute(channels.map((channel) => ({ kind: 'occupancy', channel })))).toEqual({ sent: 25 });
    expect(posted.map((post) => (JSON.parse(post.body) as { events: unknown[] }).events.length)).toEqual([20, 5]);
    expect(events()).toHaveLength(25);
  });

  it("keeps the signals' order in a request: occupied, then the member, then the client event", async () => {
    const { registry, webhooks, events } = setup();
    await registry.add('1.1', 'presence-ordered', { userId: 'ann' });
    const clientEvent = { name: 'client_event', channel: 'presence-ordered', event: 'client-hi', data: '{}', socket_id: '1.1', user_id: 'ann' };
    await webhooks.execute([{ kind: 'presence', channel: 'presence-ordered', userId: 'ann' }, { kind: 'occupancy', channel: 'presence-ordered' }, { kind: 'event', event: clientEvent }]);
    expect(events()).toEqual([{ name: 'member_added', channel: 'presence-ordered', user_id: 'ann' }, { name: 'channel_occupied', channel: 'presence-ordered' }, clientEvent]);
  });

  it('passes client events on as they are', async () => {
    const { webhooks, events } = setup();
    const event = { name: 'client_event', channel: 'private-a', event: 'client-typing', data: '{"x":1}', socket_id: '1.1' };
    await webhooks.execute([{ kind: 'event', event }]);
    expect(events()).toEqual([event]);
  });
});

describe('SignallingSubscriptionRegistry', () => {
  it('signals occupancy and presence on a join at once, and on a leave 3 s later', async () => {
    const { signalling, sent } = setup();
    await signalling.add('1.1', 'presence-room', { userId: 'ann' });
    await signalling.add('1.2', 'presence-room', { userId: 'ann' });
    await signalling.removeSocket('1.1');
    await signalling.removeSocket('1.2');
    expect(sent).toEqual([
      { signals: [{ kind: 'occupancy', channel: 'presence-room' }, { kind: 'presence', channel: 'presence-room', userId: 'ann' }], delaySeconds: undefined },
      { signals: [{ kind: 'occupancy', channel: 'presence-room' }], delaySeconds: undefined },
      { signals: [{ kind: 'occupancy', channel: 'presence-room' }], delaySeconds: 3 },
      { signals: [{ kind: 'presence', channel: 'presence-room', userId: 'ann' }, { kind: 'occupancy', channel: 'presence-room' }], delaySeconds: 3 },
    ]);
  });

  it('never fails the socket\'s own request when a signal cannot be sent', async () => {
    const failures: unknown[] = [];
    const signalling = new SignallingSubscriptionRegistry({ registry: new InMemorySubscriptionRegistry(), signals: { send: async () => Promise.reject(new Error('SQS is down')) }, onSignalFailure: (error) => failures.push(error) });
    expect(await signalling.add('1.1', 'news')).toEqual({ memberJoined: false });
    expect(await signalling.isSubscribed('1.1', 'news')).toBe(true);
    expect(failures).toHaveLength(1);
  });
});
