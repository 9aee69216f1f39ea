import { describe, expect, it } from 'vitest';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';

/** What every SubscriptionRegistry must do; each adapter's test file runs this against its own store. */
export function describeSubscriptionRegistryContract(adapterName: string, makeRegistry: () => Promise<SubscriptionRegistry> | SubscriptionRegistry): void {
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
  });
}
