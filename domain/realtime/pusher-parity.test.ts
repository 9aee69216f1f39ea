import { describe, expect, it } from 'vitest';
import { InMemoryRealtimeDelivery } from '../../adapters/driven/in-memory/in-memory-realtime-delivery.ts';
import { InMemorySubscriptionRegistry } from '../../adapters/driven/in-memory/in-memory-subscription-registry.ts';
import { ManualClock } from '../../adapters/driven/in-memory/manual-clock.ts';
import { TEST_CREDENTIALS } from '../../test/support/test-domain.ts';
import { CACHE_CHANNEL_TTL_MS, SUBSCRIPTION_COUNT_THROTTLE } from '../channels/pusher-protocol.ts';
import { pusherAuthSignature } from '../channels/pusher-signature.ts';
import { ChannelFanOut } from './channel-fan-out.ts';
import { LeaveChannels } from './leave-channels.use-case.ts';
import { PublishEvent } from './publish-event.use-case.ts';
import { SendClientEvent } from './send-client-event.use-case.ts';
import { SignInUser } from './sign-in-user.use-case.ts';
import { SubscribeToChannel } from './subscribe-to-channel.use-case.ts';
import { TERMINATED_USER_REFUSAL_MS, TerminateUserSockets } from './terminate-user-sockets.use-case.ts';

function setup(options: { subscriptionCountEvents?: boolean; clientEventsPerSecond?: number } = {}) {
  const clock = new ManualClock();
  const registry = new InMemorySubscriptionRegistry({ clock });
  const sockets = new InMemoryRealtimeDelivery();
  const fanOut = new ChannelFanOut(registry, sockets, undefined, { subscriptionCountEvents: options.subscriptionCountEvents ?? false });
  const sign = (text: string) => pusherAuthSignature(TEST_CREDENTIALS, text);
  return {
    clock,
    registry,
    sockets,
    sign,
    subscribe: new SubscribeToChannel(registry, fanOut, TEST_CREDENTIALS),
    leave: new LeaveChannels(registry, fanOut),
    publish: new PublishEvent(fanOut, registry),
    clientEvent: new SendClientEvent(registry, fanOut, options.clientEventsPerSecond),
    signIn: new SignInUser(registry, TEST_CREDENTIALS, fanOut),
    terminate: new TerminateUserSockets(registry, sockets),
  };
}

describe('cache channels', () => {
  it('replay the last event published to each new subscriber, after its subscription_succeeded, until it is 30 minutes old', async () => {
    const { subscribe, publish, clock, sockets } = setup();
    await publish.execute({ name: 'location', channels: ['cache-car'], data: '{"lat":1}' });
    await publish.execute({ name: 'location', channels: ['cache-car'], data: '{"lat":2}' });
    expect(await subscribe.execute({ socketId: '1.1', channel: 'cache-car' })).toEqual({ ok: true, value: { channel: 'cache-car', followUps: [{ event: 'location', channel: 'cache-car', data: '{"lat":2}' }] } });
    expect(sockets.received('1.1'), 'the replay is the caller\'s to send, after subscription_succeeded').toEqual([]);
    clock.advance(CACHE_CHANNEL_TTL_MS);
    expect(await subscribe.execute({ socketId: '1.2', channel: 'cache-car' })).toMatchObject({ ok: true, value: { followUps: [{ event: 'pusher:cache_miss', channel: 'cache-car', data: {} }] } });
  });

  it('answer pusher:cache_miss when nothing was published, and keep nothing for channels that are not cache channels', async () => {
    const { subscribe, publish } = setup();
    expect(await subscribe.execute({ socketId: '1.1', channel: 'cache-empty' })).toMatchObject({ ok: true, value: { followUps: [{ event: 'pusher:cache_miss', channel: 'cache-empty', data: {} }] } });
    await publish.execute({ name: 'e', channels: ['news', 'cached-news'], data: 'x' });
    for (const channel of ['news', 'cached-news']) expect(await subscribe.execute({ socketId: '1.2', channel })).toEqual({ ok: true, value: { channel, followUps: [] } });
  });

  it('need what their kind needs: a signature on private, encrypted and presence cache channels', async () => {
    const { subscribe, publish, sign } = setup();
    const member = JSON.stringify({ user_id: 'ann' });
    for (const channel of ['private-cache-a', 'private-encrypted-cache-b', 'presence-cache-c']) {
      await publish.execute({ name: 'state', channels: [channel], data: { channel } });
      const channelData = channel.startsWith('presence-') ? member : undefined;
      const forged = await subscribe.execute({ socketId: '1.1', channel, auth: sign(`1.2:${channel}`), channelData });
      expect(forged.ok || forged.error.kind, channel).toBe('InvalidSignature');
      const auth = sign(channelData === undefined ? `1.1:${channel}` : `1.1:${channel}:${channelData}`);
      expect(await subscribe.execute({ socketId: '1.1', channel, auth, channelData }), channel).toMatchObject({ ok: true, value: { followUps: [{ event: 'state', channel, data: { channel } }] } });
    }
  });

  it('keep server publishes only: a client event on a private cache channel is relayed but never replayed', async () => {
    const { subscribe, clientEvent, sign, sockets } = setup();
    for (const socketId of ['1.1', '1.2']) await subscribe.execute({ socketId, channel: 'private-cache-doc', auth: sign(`${socketId}:private-cache-doc`) });
    expect(await clientEvent.execute({ socketId: '1.1', channel: 'private-cache-doc', name: 'client-cursor', data: { x: 1 } })).toEqual({ ok: true, value: { deliveries: 1 } });
    expect(sockets.received('1.2')).toEqual([{ event: 'client-cursor', channel: 'private-cache-doc', data: { x: 1 } }]);
    expect(await subscribe.execute({ socketId: '1.3', channel: 'private-cache-doc', auth: sign('1.3:private-cache-doc') })).toMatchObject({ ok: true, value: { followUps: [{ event: 'pusher:cache_miss' }] } });
  });

  it('keep an event published with socket_id, excluded socket or not', async () => {
    const { subscribe, publish } = setup();
    await subscribe.execute({ socketId: '1.1', channel: 'cache-x' });
    await publish.execute({ name: 'e', channels: ['cache-x'], data: 'kept', excludeSocketId: '1.1' });
    expect(await subscribe.execute({ socketId: '1.2', channel: 'cache-x' })).toMatchObject({ ok: true, value: { followUps: [{ event: 'e', data: 'kept' }] } });
  });
});

describe('subscription count events', () => {
  it('are off unless switched on', async () => {
    const { subscribe, leave, sockets } = setup();
    await subscribe.execute({ socketId: '1.1', channel: 'news' });
    expect(await subscribe.execute({ socketId: '1.2', channel: 'news' })).toEqual({ ok: true, value: { channel: 'news', followUps: [] } });
    await leave.execute({ socketId: '1.2', channel: 'news' });
    expect(sockets.received('1.1')).toEqual([]);
  });

  it('give a new subscriber the count after its subscription_succeeded, tell the others at once, and tell who is left when a socket leaves or disconnects', async () => {
    const { subscribe, leave, sockets } = setup({ subscriptionCountEvents: true });
    const count = (subscription_count: number) => ({ event: 'pusher_internal:subscription_count', channel: 'news', data: { subscription_count } });
    expect(await subscribe.execute({ socketId: '1.1', channel: 'news' })).toEqual({ ok: true, value: { channel: 'news', followUps: [count(1)] } });
    expect(await subscribe.execute({ socketId: '1.2', channel: 'news' })).toEqual({ ok: true, value: { channel: 'news', followUps: [count(2)] } });
    await subscribe.execute({ socketId: '1.3', channel: 'news' });
    expect(sockets.received('1.1')).toEqual([count(2), count(3)]);
    expect(sockets.received('1.2')).toEqual([count(3)]);
    await leave.execute({ socketId: '1.3', channel: 'news' });
    await leave.execute({ socketId: '1.3', channel: 'news' });
    await leave.execute({ socketId: '1.2' });
    expect(sockets.received('1.1')).toEqual([count(2), count(3), count(2), count(1)]);
    expect(sockets.received('1.3')).toEqual([]);
  });

  it('follow a cache channel\'s replay, and count private and encrypted channels but never presence or server-to-user ones', async () => {
    const { subscribe, publish, registry, sign } = setup({ subscriptionCountEvents: true });
    await publish.execute({ name: 'state', channels: ['private-cache-a'], data: 's' });
    const cached = await subscribe.execute({ socketId: '1.1', channel: 'private-cache-a', auth: sign('1.1:private-cache-a') });
    expect(cached.ok && cached.value.followUps.map((message) => message.event)).toEqual(['state', 'pusher_internal:subscription_count']);
    const encrypted = await subscribe.execute({ socketId: '1.1', channel: 'private-encrypted-b', auth: sign('1.1:private-encrypted-b') });
    expect(encrypted.ok && encrypted.value.followUps).toEqual([{ event: 'pusher_internal:subscription_count', channel: 'private-encrypted-b', data: { subscription_count: 1 } }]);
    const member = JSON.stringify({ user_id: 'ann' });
    const presence = await subscribe.execute({ socketId: '1.1', channel: 'presence-c', auth: sign(`1.1:presence-c:${member}`), channelData: member });
    expect(presence.ok && presence.value.followUps).toEqual([]);
    await registry.signIn('1.1', 'ann');
    const own = await subscribe.execute({ socketId: '1.1', channel: '#server-to-user-ann' });
    expect(own.ok && own.value.followUps).toEqual([]);
  });

  it(`reach a channel of more than ${SUBSCRIPTION_COUNT_THROTTLE.above} at most once in ${SUBSCRIPTION_COUNT_THROTTLE.windowMs / 1000} s, while each newcomer still gets its own count`, async () => {
    const { subscribe, sockets, clock } = setup({ subscriptionCountEvents: true });
    for (let index = 0; index < SUBSCRIPTION_COUNT_THROTTLE.above; index += 1) await subscribe.execute({ socketId: `2.${index}`, channel: 'big' });
    const announced = () => sockets.received('2.0').length;
    const before = announced();
    for (const socketId of ['3.1', '3.2', '3.3']) expect(await subscribe.execute({ socketId, channel: 'big' })).toMatchObject({ ok: true, value: { followUps: [{ event: 'pusher_internal:subscription_count' }] } });
    expect(announced() - before).toBe(1);
    expect(sockets.received('2.0').at(-1)).toEqual({ event: 'pusher_internal:subscription_count', channel: 'big', data: { subscription_count: 101 } });
    clock.advance(SUBSCRIPTION_COUNT_THROTTLE.windowMs);
    await subscribe.execute({ socketId: '3.4', channel: 'big' });
    expect(sockets.received('2.0').at(-1)).toEqual({ event: 'pusher_internal:subscription_count', channel: 'big', data: { subscription_count: 104 } });
  });

  it('are announced when a delivery finds a socket gone and forgets it', async () => {
    const { subscribe, publish, sockets } = setup({ subscriptionCountEvents: true });
    for (const socketId of ['1.1', '1.2']) await subscribe.execute({ socketId, channel: 'news' });
    sockets.gone.add('1.2');
    await publish.execute({ name: 'e', channels: ['news'], data: 'x' });
    expect(sockets.received('1.1').at(-1)).toEqual({ event: 'pusher_internal:subscription_count', channel: 'news', data: { subscription_count: 1 } });
  });
});

describe('client events, as Pusher limits them', () => {
  it('take at most the rate a second from one connection, answer the rest ClientEventRateLimited, and start afresh the next second', async () => {
    const { subscribe, clientEvent, sign, sockets, clock } = setup({ clientEventsPerSecond: 3 });
    for (const socketId of ['1.1', '1.2', '1.3']) await subscribe.execute({ socketId, channel: 'private-chat', auth: sign(`${socketId}:private-chat`) });
    const send = (socketId: string) => clientEvent.execute({ socketId, channel: 'private-chat', name: 'client-typing', data: {} });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => send('1.1')));
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(3);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual(Array.from({ length: 2 }, () => ({ ok: false, error: { kind: 'ClientEventRateLimited', message: 'Client event rejected: a connection may send at most 3 client events a second' } })));
    expect(sockets.received('1.2')).toHaveLength(3);
    expect((await send('1.3')).ok, 'another connection has its own budget').toBe(true);
    clock.advance(1_000);
    expect((await send('1.1')).ok).toBe(true);
  });

  it("are limited to Pusher's 10 a second by default, and a refused event costs nothing of the budget", async () => {
    const { subscribe, clientEvent, sign } = setup();
    await subscribe.execute({ socketId: '1.1', channel: 'private-chat', auth: sign('1.1:private-chat') });
    for (let index = 0; index < 5; index += 1) expect((await clientEvent.execute({ socketId: '1.1', channel: 'private-chat', name: 'client-x', data: 'y'.repeat(11 * 1024) })).ok).toBe(false);
    const outcomes = [];
    for (let index = 0; index < 11; index += 1) outcomes.push(await clientEvent.execute({ socketId: '1.1', channel: 'private-chat', name: 'client-x', data: {} }));
    expect(outcomes.map((outcome) => outcome.ok || outcome.error.kind)).toEqual([...Array.from({ length: 10 }, () => true), 'ClientEventRateLimited']);
  });

  it('carry the sender\'s user id on presence channels', async () => {
    const { subscribe, clientEvent, sign, sockets } = setup();
    for (const [socketId, userId] of [['1.1', 'ann'], ['1.2', 'bob']] as const) {
      const channelData = JSON.stringify({ user_id: userId });
      await subscribe.execute({ socketId, channel: 'presence-room', auth: sign(`${socketId}:presence-room:${channelData}`), channelData });
    }
    await clientEvent.execute({ socketId: '1.1', channel: 'presence-room', name: 'client-wave', data: { hi: true } });
    expect(sockets.received('1.2').at(-1)).toEqual({ event: 'client-wave', channel: 'presence-room', data: { hi: true }, userId: 'ann' });
  });
});

describe('terminate_connections', () => {
  const userData = JSON.stringify({ id: 'ann' });

  it(`refuses the terminated user's sign-in for ${TERMINATED_USER_REFUSAL_MS / 1000} s, leaving the socket signed in as nobody, and then lets them back`, async () => {
    const { signIn, terminate, registry, sign, sockets, clock } = setup();
    expect((await signIn.execute({ socketId: '1.1', auth: sign(`1.1::user::${userData}`), userData })).ok).toBe(true);
    expect(await terminate.execute('ann')).toEqual({ closed: 1 });
    expect(sockets.closed).toEqual(['1.1']);
    const refused = await signIn.execute({ socketId: '1.2', auth: sign(`1.2::user::${userData}`), userData });
    expect(refused).toEqual({ ok: false, error: { kind: 'UserTerminated', message: expect.stringContaining('refused for 60 seconds') } });
    expect(await registry.signedInUser('1.2')).toBeUndefined();
    // 1.1 is closed; its $disconnect (not run here) forgets it.
    expect(await registry.socketsSignedInAs('ann')).toEqual(['1.1']);
    const other = JSON.stringify({ id: 'bob' });
    expect((await signIn.execute({ socketId: '1.3', auth: sign(`1.3::user::${other}`), userData: other })).ok, 'another user').toBe(true);
    clock.advance(TERMINATED_USER_REFUSAL_MS);
    expect((await signIn.execute({ socketId: '1.4', auth: sign(`1.4::user::${userData}`), userData })).ok).toBe(true);
  });

  it('catches a sign-in that races the termination: whichever comes second sees the other', async () => {
    const { signIn, terminate, registry, sign, sockets } = setup();
    // The sign-in's write lands after the termination listed the user's sockets, but its check comes after its write.
    const listing = registry.socketsSignedInAs.bind(registry);
    let signInDuringListing: Promise<unknown> | undefined;
    registry.socketsSignedInAs = async (userId: string) => {
      const listed = await listing(userId);
      signInDuringListing = signIn.execute({ socketId: '1.5', auth: sign(`1.5::user::${userData}`), userData });
      return listed;
    };
    expect(await terminate.execute('ann')).toEqual({ closed: 0 });
    expect(await signInDuringListing).toMatchObject({ ok: false, error: { kind: 'UserTerminated' } });
    expect(await registry.signedInUser('1.5')).toBeUndefined();
    expect(sockets.closed).toEqual([]);
  });
});

/** Signs a socket in as `user` and, as channels-message does after `pusher:signin_success`, tells it its watchlist. */
function signingIn(signIn: SignInUser, sign: (text: string) => string) {
  return async (socketId: string, user: Record<string, unknown>) => {
    const userData = JSON.stringify(user);
    const result = await signIn.execute({ socketId, auth: sign(`${socketId}::user::${userData}`), userData });
    if (result.ok) await result.value.tellWatchlist?.();
    return result;
  };
}

describe('watchlists', () => {
  const watchlistFrames = (frames: readonly { event: string; data: unknown }[]) => frames.filter((frame) => frame.event === 'pusher_internal:watchlist_events').map((frame) => frame.data);

  it("tell a signed-in user who of their watchlist is online now, then each watched user's first sign-in and last departure", async () => {
    const { signIn, leave, sign, sockets } = setup();
    const signInAs = signingIn(signIn, sign);
    await signInAs('2.1', { id: 'bob' });
    expect((await signInAs('1.1', { id: 'ann', watchlist: ['bob', 'cat'] })).ok).toBe(true);
    expect(watchlistFrames(sockets.received('1.1'))).toEqual([{ events: [{ name: 'online', user_ids: ['bob'] }, { name: 'offline', user_ids: ['cat'] }] }]);
    await signInAs('3.1', { id: 'cat' });
    await signInAs('3.2', { id: 'cat' });
    await leave.execute({ socketId: '3.1' });
    await leave.execute({ socketId: '3.2' });
    await leave.execute({ socketId: '2.1' });
    expect(watchlistFrames(sockets.received('1.1')).slice(1)).toEqual([
      { events: [{ name: 'online', user_ids: ['cat'] }] },
      { events: [{ name: 'offline', user_ids: ['cat'] }] },
      { events: [{ name: 'offline', user_ids: ['bob'] }] },
    ]);
    expect(watchlistFrames(sockets.received('2.1')), 'bob watches no one').toEqual([]);
  });

  it('stop once the watcher leaves, and reach every watcher of a user', async () => {
    const { signIn, leave, sign, sockets } = setup();
    const signInAs = signingIn(signIn, sign);
    await signInAs('1.1', { id: 'ann', watchlist: ['dan'] });
    await signInAs('1.2', { id: 'eve', watchlist: ['dan'] });
    await leave.execute({ socketId: '1.1' });
    await signInAs('4.1', { id: 'dan' });
    expect(watchlistFrames(sockets.received('1.1'))).toEqual([{ events: [{ name: 'offline', user_ids: ['dan'] }] }]);
    expect(watchlistFrames(sockets.received('1.2'))).toEqual([{ events: [{ name: 'offline', user_ids: ['dan'] }] }, { events: [{ name: 'online', user_ids: ['dan'] }] }]);
  });

  it('refuse a sign-in whose watchlist Pusher would refuse, saying why', async () => {
    const { signIn, sign, registry } = setup();
    const userData = JSON.stringify({ id: 'ann', watchlist: 'bob' });
    expect(await signIn.execute({ socketId: '1.1', auth: sign(`1.1::user::${userData}`), userData })).toEqual({ ok: false, error: { kind: 'InvalidUserData', message: expect.stringContaining('user_data.watchlist must be an array') } });
    expect(await registry.signedInUser('1.1')).toBeUndefined();
  });

  it("tell a watcher who saw a terminated user's refused sign-in in between that they are offline", async () => {
    const { signIn, sign, sockets, registry } = setup();
    const signInAs = signingIn(signIn, sign);
    // terminate_connections lands between bob's sign-in and its second check, and ann signs in watching bob meanwhile.
    const realSignIn = registry.signIn.bind(registry);
    registry.signIn = async (socketId, userId, watchlist) => {
      const change = await realSignIn(socketId, userId, watchlist);
      if (userId === 'bob') {
        await registry.markTerminated('bob', TERMINATED_USER_REFUSAL_MS);
        await signInAs('1.1', { id: 'ann', watchlist: ['bob'] });
      }
      return change;
    };
    expect((await signInAs('2.1', { id: 'bob' })).ok).toBe(false);
    expect(watchlistFrames(sockets.received('1.1')).at(-1)).toEqual({ events: [{ name: 'offline', user_ids: ['bob'] }] });
    expect(await registry.onlineAmong(['bob'])).toEqual([]);
  });

  it('end on the true status when a sign-in in another function overtakes the announcement of a sign-out', async () => {
    const { signIn, leave, sign, sockets, registry } = setup();
    const signInAs = signingIn(signIn, sign);
    await signInAs('1.1', { id: 'ann', watchlist: ['cy'] });
    await signInAs('3.1', { id: 'cy' });
    const realWatchersOf = registry.watchersOf.bind(registry);
    let overtaken = false;
    registry.watchersOf = async (userId) => {
      const watchers = await realWatchersOf(userId);
      // The offline announcement has its recipients; cy signs in again and is announced online before it posts.
      if (!overtaken && (await registry.onlineAmong(['cy'])).length === 0) {
        overtaken = true;
        await signInAs('3.2', { id: 'cy' });
      }
      return watchers;
    };
    await leave.execute({ socketId: '3.1' });
    expect(overtaken).toBe(true);
    expect(watchlistFrames(sockets.received('1.1')).at(-1)).toEqual({ events: [{ name: 'online', user_ids: ['cy'] }] });
  });

  it('announce nothing for a terminated user whose sign-in is refused', async () => {
    const { signIn, terminate, sign, sockets } = setup();
    const signInAs = signingIn(signIn, sign);
    await signInAs('1.1', { id: 'ann', watchlist: ['bob'] });
    await terminate.execute('bob');
    expect((await signInAs('2.1', { id: 'bob' })).ok).toBe(false);
    expect(watchlistFrames(sockets.received('1.1'))).toEqual([{ events: [{ name: 'offline', user_ids: ['bob'] }] }]);
  });
});
