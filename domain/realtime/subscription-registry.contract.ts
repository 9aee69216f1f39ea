import { describe, expect, it } from 'vitest';
import type { Clock } from '../shared/clock.port.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';

/** How long a subscription lives without being renewed, and the clock that decides it. */
export interface SubscriptionLifetime {
  readonly clock: Clock;
  readonly ttlMs: number;
}

const TTL_MS = 60_000;

/** A clock the suite moves by hand, so expiry is tested without waiting. */
function manualClock(): Clock & { advance(milliseconds: number): void } {
  let current = Date.UTC(2026, 10, 22, 12);
  return { now: () => current, advance: (milliseconds) => (current += milliseconds) };
}

/** What every SubscriptionRegistry must do; each adapter's test file runs this against its own store. */
export function describeSubscriptionRegistryContract(adapterName: string, makeRegistryWith: (lifetime: SubscriptionLifetime) => Promise<SubscriptionRegistry> | SubscriptionRegistry): void {
  const makeRegistry = () => makeRegistryWith({ clock: manualClock(), ttlMs: TTL_MS });

  describe(`SubscriptionRegistry contract: ${adapterName}`, () => {
    it('tracks subscribers per channel and forgets them', async () => {
      const registry = await makeRegistry();
      await registry.add('1.1', 'private-a');
      await registry.add('1.2', 'private-a');
      expect([...(await registry.subscribers('private-a'))].sort()).toEqual(['1.1', '1.2']);
      expect(await registry.isSubscribed('1.1', 'private-a')).toBe(true);
      expect(await registry.remove('1.1', 'private-a')).toEqual({ wasSubscribed: true });
      expect(await registry.remove('1.1', 'private-a')).toEqual({ wasSubscribed: false });
      expect(await registry.subscribers('private-a')).toEqual(['1.2']);
    });

    it('counts the channels each socket is on', async () => {
      const registry = await makeRegistry();
      expect(await registry.subscriptionCount('1.1')).toBe(0);
      await registry.add('1.1', 'private-a');
      await registry.add('1.1', 'private-a');
      await registry.add('1.1', 'presence-b', { userId: 'ann' });
      await registry.add('1.2', 'private-a');
      expect(await registry.subscriptionCount('1.1')).toBe(2);
      await registry.remove('1.1', 'private-a');
      expect(await registry.subscriptionCount('1.1')).toBe(1);
      await registry.removeSocket('1.1');
      expect(await registry.subscriptionCount('1.1')).toBe(0);
    });

    it('counts a user with several sockets as one presence member, joined with the first and gone with the last', async () => {
      const registry = await makeRegistry();
      expect(await registry.add('1.1', 'presence-room', { userId: 'ann', userInfo: { n: 1 } })).toEqual({ memberJoined: true });
      expect(await registry.add('1.2', 'presence-room', { userId: 'ann', userInfo: { n: 1 } })).toEqual({ memberJoined: false });
      expect(await registry.add('1.3', 'presence-room', { userId: 'bob' })).toEqual({ memberJoined: true });
      expect((await registry.members('presence-room')).map((member) => member.userId).sort()).toEqual(['ann', 'bob']);
      expect(await registry.memberOf('1.3', 'presence-room')).toEqual({ userId: 'bob' });
      expect(await registry.remove('1.1', 'presence-room')).toEqual({ wasSubscribed: true });
      expect(await registry.remove('1.2', 'presence-room')).toEqual({ wasSubscribed: true, memberLeft: { userId: 'ann', userInfo: { n: 1 } } });
    });

    it('joins no one new when a socket subscribes again to a presence channel as the same user', async () => {
      const registry = await makeRegistry();
      expect(await registry.add('1.1', 'presence-again', { userId: 'ann' })).toEqual({ memberJoined: true });
      expect(await registry.add('1.1', 'presence-again', { userId: 'ann' })).toEqual({ memberJoined: false });
      expect(await registry.remove('1.1', 'presence-again')).toEqual({ wasSubscribed: true, memberLeft: { userId: 'ann' } });
    });

    it('makes a socket that subscribes again as another user present as that user only', async () => {
      const registry = await makeRegistry();
      await registry.add('1.1', 'presence-swap', { userId: 'ann' });
      await registry.add('1.1', 'presence-swap', { userId: 'bob' });
      expect((await registry.members('presence-swap')).map((member) => member.userId)).toEqual(['bob']);
      expect(await registry.remove('1.1', 'presence-swap')).toEqual({ wasSubscribed: true, memberLeft: { userId: 'bob' } });
      expect(await registry.members('presence-swap')).toEqual([]);
    });

    it('removes a disconnected socket from every channel, reporting who left', async () => {
      const registry = await makeRegistry();
      await registry.add('2.1', 'private-x');
      await registry.add('2.1', 'presence-y', { userId: 'cid' });
      const departures = await registry.removeSocket('2.1');
      expect([...departures].sort((a, b) => a.channel.localeCompare(b.channel))).toEqual([{ channel: 'presence-y', memberLeft: { userId: 'cid' } }, { channel: 'private-x' }]);
      expect(await registry.channels()).toEqual([]);
    });

    it('summarises occupied channels, with user counts on presence channels', async () => {
      const registry = await makeRegistry();
      await registry.add('3.1', 'presence-z', { userId: 'dee' });
      await registry.add('3.2', 'presence-z', { userId: 'dee' });
      await registry.add('3.1', 'news');
      expect([...(await registry.channels())].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { name: 'news', subscriptionCount: 1 },
        { name: 'presence-z', subscriptionCount: 2, userCount: 1 },
      ]);
    });

    it('makes a user present once when eight of their sockets join one presence channel at the same time, and absent once when they all leave', async () => {
      const registry = await makeRegistry();
      const sockets = Array.from({ length: 8 }, (_, index) => `4.${index}`);
      const joins = await Promise.all(sockets.map((socketId) => registry.add(socketId, 'presence-race', { userId: 'eve' })));
      expect(joins.filter((join) => join.memberJoined)).toHaveLength(1);
      expect(await registry.members('presence-race')).toEqual([{ userId: 'eve' }]);
      const leaves = await Promise.all(sockets.map((socketId) => registry.remove(socketId, 'presence-race')));
      expect(leaves.filter((leave) => leave.memberLeft !== undefined)).toEqual([{ wasSubscribed: true, memberLeft: { userId: 'eve' } }]);
      expect(await registry.members('presence-race')).toEqual([]);
    });

    it('reports one departure when every socket of a user disconnects at the same time', async () => {
      const registry = await makeRegistry();
      const sockets = Array.from({ length: 6 }, (_, index) => `5.${index}`);
      await Promise.all(sockets.map((socketId) => registry.add(socketId, 'presence-drop', { userId: 'fay' })));
      const departures = (await Promise.all(sockets.map((socketId) => registry.removeSocket(socketId)))).flat();
      expect(departures.filter((departure) => departure.memberLeft !== undefined)).toEqual([{ channel: 'presence-drop', memberLeft: { userId: 'fay' } }]);
      expect(await registry.channels()).toEqual([]);
    });

    it('ends consistent after joins and leaves of one user race each other: every join but the last is matched by a leave', async () => {
      const registry = await makeRegistry();
      const first = Array.from({ length: 4 }, (_, index) => `6.${index}`);
      const second = Array.from({ length: 4 }, (_, index) => `6.${index + 4}`);
      const initial = await Promise.all(first.map((socketId) => registry.add(socketId, 'presence-mix', { userId: 'gus' })));
      const [joins, leaves] = await Promise.all([
        Promise.all(second.map((socketId) => registry.add(socketId, 'presence-mix', { userId: 'gus' }))),
        Promise.all(first.map((socketId) => registry.remove(socketId, 'presence-mix'))),
      ]);
      const joined = [...initial, ...joins].filter((join) => join.memberJoined).length;
      const left = leaves.filter((leave) => leave.memberLeft !== undefined).length;
      expect(joined - left).toBe(1);
      expect(await registry.members('presence-mix')).toEqual([{ userId: 'gus' }]);
      expect([...(await registry.subscribers('presence-mix'))].sort()).toEqual(second);
      const lastLeaves = await Promise.all(second.map((socketId) => registry.remove(socketId, 'presence-mix')));
      expect(lastLeaves.filter((leave) => leave.memberLeft !== undefined)).toHaveLength(1);
    });

    it('holds a socket under maxChannels even when its subscribes race, counts a renewal as nothing, and frees a place on leave', async () => {
      const registry = await makeRegistry();
      const channels = Array.from({ length: 12 }, (_, index) => `limit-${index}`);
      const outcomes = await Promise.all(channels.map((channel) => registry.add('10.1', channel, undefined, 5)));
      expect(outcomes.filter((outcome) => outcome.full !== true)).toHaveLength(5);
      expect(await registry.subscriptionCount('10.1')).toBe(5);
      const held = channels.filter((_, index) => outcomes[index]!.full !== true);
      expect(await registry.add('10.1', held[0]!, undefined, 5)).toEqual({ memberJoined: false });
      expect((await registry.add('10.1', 'limit-extra', undefined, 5)).full).toBe(true);
      await registry.remove('10.1', held[0]!);
      expect(await registry.add('10.1', 'limit-extra', undefined, 5)).toEqual({ memberJoined: false });
      expect(await registry.add('10.2', 'limit-extra', { userId: 'lou' }, 5)).toEqual({ memberJoined: true });
      await registry.removeSocket('10.1');
      expect(await registry.add('10.1', 'limit-again', undefined, 1)).toEqual({ memberJoined: false });
    });

    it('remembers who a socket signed in as and lists a user\'s sockets; removing the socket from its channels leaves its sign-in to signOut', async () => {
      const registry = await makeRegistry();
      expect(await registry.signedInUser('8.1')).toBeUndefined();
      await registry.signIn('8.1', 'ivy');
      await registry.signIn('8.2', 'ivy');
      await registry.signIn('8.3', 'jon');
      await registry.add('8.1', 'private-signed');
      expect(await registry.signedInUser('8.1')).toBe('ivy');
      expect([...(await registry.socketsSignedInAs('ivy'))].sort()).toEqual(['8.1', '8.2']);
      expect(await registry.subscriptionCount('8.1')).toBe(1);
      await registry.signIn('8.2', 'jon');
      expect(await registry.socketsSignedInAs('ivy')).toEqual(['8.1']);
      expect([...(await registry.socketsSignedInAs('jon'))].sort()).toEqual(['8.2', '8.3']);
      expect(await registry.removeSocket('8.1')).toEqual([{ channel: 'private-signed' }]);
      expect(await registry.signedInUser('8.1')).toBe('ivy');
      expect(await registry.signOut('8.1')).toEqual({ wentOffline: 'ivy' });
      expect(await registry.signedInUser('8.1')).toBeUndefined();
      expect(await registry.socketsSignedInAs('ivy')).toEqual([]);
    });

    it('says when a sign-in brings its user online and when a sign-out takes them offline: the first socket and the last', async () => {
      const registry = await makeRegistry();
      expect(await registry.signIn('12.1', 'ola')).toEqual({ cameOnline: 'ola' });
      expect(await registry.signIn('12.2', 'ola')).toEqual({});
      expect(await registry.signIn('12.1', 'ola'), 'the same socket again, beside another').toEqual({});
      expect(await registry.onlineAmong(['ola', 'pia'])).toEqual(['ola']);
      expect(await registry.signOut('12.1')).toEqual({});
      expect(await registry.signOut('12.2')).toEqual({ wentOffline: 'ola' });
      expect(await registry.signOut('12.2'), 'signed out already').toEqual({});
      expect(await registry.onlineAmong(['ola', 'pia'])).toEqual([]);
      await registry.signIn('12.3', 'pia');
      expect(await registry.signIn('12.3', 'pia'), 'a lone socket again: a repeat, never a silence').toEqual({ cameOnline: 'pia' });
    });

    it('takes the user a socket was signed in as offline when it signs in as another', async () => {
      const registry = await makeRegistry();
      await registry.signIn('13.1', 'quin');
      expect(await registry.signIn('13.1', 'rae')).toEqual({ cameOnline: 'rae', wentOffline: 'quin' });
      expect(await registry.onlineAmong(['quin', 'rae'])).toEqual(['rae']);
    });

    it('lists the watchers of a user until they sign out or sign in again without them', async () => {
      const registry = await makeRegistry();
      await registry.signIn('14.1', 'sam', ['tia', 'uma']);
      await registry.signIn('14.2', 'val', ['tia']);
      expect([...(await registry.watchersOf('tia'))].sort()).toEqual(['14.1', '14.2']);
      expect(await registry.watchersOf('uma')).toEqual(['14.1']);
      expect(await registry.watchersOf('sam')).toEqual([]);
      await registry.signIn('14.1', 'sam', ['uma']);
      expect(await registry.watchersOf('tia')).toEqual(['14.2']);
      expect(await registry.watchersOf('uma')).toEqual(['14.1']);
      await registry.signOut('14.1');
      expect(await registry.watchersOf('uma')).toEqual([]);
      expect(await registry.onlineAmong(['val', 'sam', 'tia'])).toEqual(['val']);
    });

    it('agrees on one user coming online and going offline when their sockets sign in and out at once', async () => {
      const registry = await makeRegistry();
      const sockets = Array.from({ length: 6 }, (_, index) => `15.${index}`);
      const joins = await Promise.all(sockets.map((socketId) => registry.signIn(socketId, 'wes')));
      expect(joins.filter((change) => change.cameOnline === 'wes').length).toBe(1);
      const leaves = await Promise.all(sockets.map((socketId) => registry.signOut(socketId)));
      expect(leaves.filter((change) => change.wentOffline === 'wes').length).toBe(1);
      expect(await registry.onlineAmong(['wes'])).toEqual([]);
    });

    it('forgets a sign-in once it is past its lifetime', async () => {
      const clock = manualClock();
      const registry = await makeRegistryWith({ clock, ttlMs: TTL_MS });
      await registry.signIn('9.1', 'kay');
      await registry.signIn('9.2', 'lea', ['kay']);
      clock.advance(TTL_MS);
      expect(await registry.signedInUser('9.1')).toBeUndefined();
      expect(await registry.socketsSignedInAs('kay')).toEqual([]);
      expect(await registry.onlineAmong(['kay', 'lea'])).toEqual([]);
      expect(await registry.watchersOf('kay')).toEqual([]);
      expect(await registry.signOut('9.1'), 'an expired sign-in takes no one offline').toEqual({});
      expect(await registry.signIn('9.1', 'kay'), 'but a fresh one brings them online').toEqual({ cameOnline: 'kay' });
    });

    it('signs a socket out, off its user\'s list, and leaves its subscriptions alone', async () => {
      const registry = await makeRegistry();
      await registry.signIn('11.1', 'max');
      await registry.signIn('11.2', 'max');
      await registry.add('11.1', 'private-stays');
      expect(await registry.signOut('11.1')).toEqual({});
      expect(await registry.signOut('11.9')).toEqual({});
      expect(await registry.signedInUser('11.1')).toBeUndefined();
      expect(await registry.socketsSignedInAs('max')).toEqual(['11.2']);
      expect(await registry.isSubscribed('11.1', 'private-stays')).toBe(true);
    });

    it('remembers a terminated user for the time given, and only that user', async () => {
      const clock = manualClock();
      const registry = await makeRegistryWith({ clock, ttlMs: TTL_MS });
      expect(await registry.wasTerminated('ned')).toBe(false);
      await registry.markTerminated('ned', 5_000);
      expect(await registry.wasTerminated('ned')).toBe(true);
      expect(await registry.wasTerminated('ne')).toBe(false);
      clock.advance(4_999);
      expect(await registry.wasTerminated('ned')).toBe(true);
      clock.advance(1);
      expect(await registry.wasTerminated('ned')).toBe(false);
      await registry.markTerminated('ned', 5_000);
      expect(await registry.wasTerminated('ned'), 'marked again').toBe(true);
    });

    it('keeps the last event of each cache channel, exactly as published, until it lapses', async () => {
      const clock = manualClock();
      const registry = await makeRegistryWith({ clock, ttlMs: TTL_MS });
      expect(await registry.cachedEvent('cache-a')).toBeUndefined();
      await registry.cacheEvent('cache-a', { event: 'first', data: '{"n":1}' }, 10_000);
      await registry.cacheEvent('cache-a', { event: 'second', data: { n: 2, list: [1, 'x'], empty: '', nothing: null } }, 10_000);
      await registry.cacheEvent('private-cache-b', { event: 'other', data: 'plain text' }, 20_000);
      expect(await registry.cachedEvent('cache-a')).toEqual({ event: 'second', data: { n: 2, list: [1, 'x'], empty: '', nothing: null } });
      expect(await registry.cachedEvent('private-cache-b')).toEqual({ event: 'other', data: 'plain text' });
      clock.advance(10_000);
      expect(await registry.cachedEvent('cache-a')).toBeUndefined();
      expect(await registry.cachedEvent('private-cache-b')).toEqual({ event: 'other', data: 'plain text' });
    });

    it('admits at most the limit of uses per key and window, even when they race, and starts afresh in the next window', async () => {
      const clock = manualClock();
      const registry = await makeRegistryWith({ clock, ttlMs: TTL_MS });
      const rate = { limit: 10, windowMs: 1_000 };
      const raced = await Promise.all(Array.from({ length: 25 }, () => registry.admit('client-events#12.1', rate)));
      expect(raced.filter(Boolean)).toHaveLength(10);
      expect(await registry.admit('client-events#12.1', rate)).toBe(false);
      expect(await registry.admit('client-events#12.2', rate), 'another key').toBe(true);
      clock.advance(1_000);
      expect(await registry.admit('client-events#12.1', rate)).toBe(true);
      expect(await registry.admit('once', { limit: 1, windowMs: 5_000 })).toBe(true);
      expect(await registry.admit('once', { limit: 1, windowMs: 5_000 })).toBe(false);
      expect(await registry.admit('never', { limit: 0, windowMs: 1_000 })).toBe(false);
    });

    it('forgets a subscription once it is past its lifetime, unless it was renewed', async () => {
      const clock = manualClock();
      const registry = await makeRegistryWith({ clock, ttlMs: TTL_MS });
      await registry.add('7.1', 'private-old');
      await registry.add('7.2', 'presence-old', { userId: 'hal' });
      await registry.add('7.3', 'private-old');
      clock.advance(TTL_MS / 2);
      await registry.add('7.3', 'private-old');
      clock.advance(TTL_MS / 2);
      expect(await registry.isSubscribed('7.1', 'private-old')).toBe(false);
      expect(await registry.subscriptionCount('7.1')).toBe(0);
      expect(await registry.subscribers('private-old')).toEqual(['7.3']);
      expect(await registry.members('presence-old')).toEqual([]);
      expect(await registry.memberOf('7.2', 'presence-old')).toBeUndefined();
      expect(await registry.channels()).toEqual([{ name: 'private-old', subscriptionCount: 1 }]);
      expect(await registry.add('7.4', 'presence-old', { userId: 'hal' })).toEqual({ memberJoined: true });
      expect(await registry.remove('7.1', 'private-old')).toEqual({ wasSubscribed: false });
    });
  });
}
