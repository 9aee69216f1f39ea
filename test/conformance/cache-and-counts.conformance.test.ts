import { expect, it } from 'vitest';
import { eventNames, subscribed, subscribeRecording, uniqueName } from './support/clients.ts';
import { describeFeature, useConformance } from './support/suite.ts';

// Cache channels (the last event replayed to a new subscriber, pusher:cache_miss when none) and
// subscription counts (pusher_internal:subscription_count, info=subscription_count): both optional
// on hosted Pusher too (subscription counting is a per-app switch).
const context = useConformance();

const features = context.target.features;

describeFeature('cache', 'cache channels', () => {
  const kinds = ['cache-', 'private-cache-', 'presence-cache-', ...(features.includes('encrypted') ? ['private-encrypted-cache-'] : [])];

  it.each(kinds)("%s replays the last event the pusher package published to a new pusher-js subscriber, right after its subscription_succeeded", async (prefix) => {
    const name = uniqueName(prefix, 'scores');
    await context.app.pusher.trigger(name, 'score', { home: 1 });
    await context.app.pusher.trigger(name, 'score', { home: 2 });
    const recorded = subscribeRecording(await context.clients.pusherJs(`fan-${prefix.slice(0, -1)}`), name);
    await recorded.succeeded;
    await expect.poll(() => eventNames(recorded.events)).toContain('score');
    expect(eventNames(recorded.events).slice(0, 2)).toEqual(['pusher:subscription_succeeded', 'score']);
    expect(recorded.events[1]!.data).toEqual({ home: 2 });
  });

  it('sends pusher:cache_miss to a subscriber of a cache channel nothing was published to, then delivers as usual', async () => {
    const name = uniqueName('cache-', 'nothing-yet');
    const recorded = subscribeRecording(await context.clients.pusherJs('early-fan'), name);
    await recorded.succeeded;
    await expect.poll(() => eventNames(recorded.events)).toContain('pusher:cache_miss');
    expect(eventNames(recorded.events).slice(0, 2)).toEqual(['pusher:subscription_succeeded', 'pusher:cache_miss']);
    await context.app.pusher.trigger(name, 'first', { n: 1 });
    await expect.poll(() => recorded.events.at(-1)).toEqual({ event: 'first', data: { n: 1 } });
  });
});

describeFeature('subscription_count', 'subscription counts', () => {
  it('tell pusher-js subscribers how many they are as others join and leave', async () => {
    const name = uniqueName('', 'counted');
    const first = subscribeRecording(await context.clients.pusherJs('count-1'), name);
    await first.succeeded;
    const counts = () => first.events.filter((entry) => entry.event === 'pusher:subscription_count').map((entry) => entry.data);
    await expect.poll(() => counts().at(-1)).toEqual({ subscription_count: 1 });
    const secondClient = await context.clients.pusherJs('count-2');
    const second = await subscribed(secondClient, name);
    await expect.poll(() => counts().at(-1)).toEqual({ subscription_count: 2 });
    expect((first.channel as unknown as { subscriptionCount: unknown }).subscriptionCount).toBe(2);
    await expect.poll(() => second.events.filter((entry) => entry.event === 'pusher:subscription_count').at(-1)?.data).toEqual({ subscription_count: 2 });
    secondClient.unsubscribe(name);
    await expect.poll(() => counts().at(-1)).toEqual({ subscription_count: 1 });
  });

  it('answer info=subscription_count on the channel queries and on a trigger', async () => {
    const name = uniqueName('', 'counted-queries');
    await subscribed(await context.clients.pusherJs('queried-1'), name);
    await subscribed(await context.clients.pusherJs('queried-2'), name);
    const json = async (response: Promise<{ json(): Promise<unknown> }>) => (await response).json();
    await expect.poll(() => json(context.app.pusher.get({ path: `/channels/${name}`, params: { info: 'subscription_count' } }))).toEqual({ occupied: true, subscription_count: 2 });
    await expect.poll(() => json(context.app.pusher.get({ path: '/channels', params: { filter_by_prefix: name, info: 'subscription_count' } }))).toEqual({ channels: { [name]: { subscription_count: 2 } } });
    expect(await json(context.app.pusher.trigger(name, 'tick', {}, { info: 'subscription_count' }))).toEqual({ channels: { [name]: { subscription_count: 2 } } });
  });
});
