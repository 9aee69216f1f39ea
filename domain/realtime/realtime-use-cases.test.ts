import { describe, expect, it } from 'vitest';
import { InMemorySubscriptionRegistry } from '../../adapters/driven/in-memory/in-memory-subscription-registry.ts';
import { TEST_CREDENTIALS } from '../../test/support/test-domain.ts';
import { pusherAuthSignature } from '../channels/pusher-signature.ts';
import { InMemoryRealtimeDelivery } from '../../adapters/driven/in-memory/in-memory-realtime-delivery.ts';
import { ChannelFanOut } from './channel-fan-out.ts';
import { LeaveChannels } from './leave-channels.use-case.ts';
import { PublishEvent } from './publish-event.use-case.ts';
import type { RealtimeMessage } from './realtime-delivery.port.ts';
import { SendClientEvent } from './send-client-event.use-case.ts';
import { SignInUser } from './sign-in-user.use-case.ts';
import { SubscribeToChannel } from './subscribe-to-channel.use-case.ts';
import { TerminateUserSockets } from './terminate-user-sockets.use-case.ts';

function setup() {
  const registry = new InMemorySubscriptionRegistry();
  const delivered: { socketId: string; message: RealtimeMessage }[] = [];
  const sockets = new InMemoryRealtimeDelivery();
  // Records every delivery in order, across sockets; sockets in `sockets.gone` answer as API Gateway does for a vanished connection.
  const delivery = {
    deliver: async (socketId: string, message: RealtimeMessage) => {
      const outcome = await sockets.deliver(socketId, message);
      if (outcome === 'delivered') delivered.push({ socketId, message });
      return outcome;
    },
  };
  const fanOut = new ChannelFanOut(registry, delivery);
  const sign = (text: string) => pusherAuthSignature(TEST_CREDENTIALS, text);
  return {
    registry,
    delivered,
    sockets,
    sign,
    subscribe: new SubscribeToChannel(registry, fanOut, TEST_CREDENTIALS),
    leave: new LeaveChannels(registry, fanOut),
    publish: new PublishEvent(fanOut, registry),
    clientEvent: new SendClientEvent(registry, fanOut),
    signIn: new SignInUser(registry, TEST_CREDENTIALS, fanOut),
    terminate: new TerminateUserSockets(registry, sockets),
  };
}

describe('SubscribeToChannel', () => {
  it('accepts exactly the signature an auth endpoint made for this socket and channel', async () => {
    const { subscribe, sign } = setup();
    expect((await subscribe.execute({ socketId: '1.1', channel: 'private-a', auth: sign('1.1:private-a') })).ok).toBe(true);
    for (const auth of [sign('1.2:private-a'), sign('1.1:private-b'), '', undefined, 'test-key:00']) {
      const refused = await subscribe.execute({ socketId: '1.1', channel: 'private-a', auth });
      expect(refused.ok || refused.error.kind).toBe('InvalidSignature');
    }
  });

  it('binds presence identity to the signed channel_data and announces new members to the others', async () => {
    const { subscribe, sign, delivered } = setup();
    const data = (userId: string) => JSON.stringify({ user_id: userId, user_info: { name: userId } });
    await subscribe.execute({ socketId: '1.1', channel: 'presence-r', auth: sign(`1.1:presence-r:${data('ann')}`), channelData: data('ann') });
    const forged = await subscribe.execute({ socketId: '1.2', channel: 'presence-r', auth: sign(`1.2:presence-r:${data('bob')}`), channelData: data('root') });
    expect(forged.ok || forged.error.kind).toBe('InvalidSignature');
    const joined = await subscribe.execute({ socketId: '1.2', channel: 'presence-r', auth: sign(`1.2:presence-r:${data('bob')}`), channelData: data('bob') });
    expect(joined).toMatchObject({ ok: true, value: { presence: { count: 2, ids: ['ann', 'bob'] } } });
    expect(delivered).toEqual([{ socketId: '1.1', message: { event: 'pusher_internal:member_added', channel: 'presence-r', data: { user_id: 'bob', user_info: { name: 'bob' } } } }]);
  });

  it('refuses a terminated user their own channel, even to a socket whose sign-in raced the termination', async () => {
    const { subscribe, registry } = setup();
    await registry.signIn('1.1', 'ann');
    await registry.markTerminated('ann', 60_000);
    const refused = await subscribe.execute({ socketId: '1.1', channel: '#server-to-user-ann' });
    expect(refused.ok || refused.error.kind).toBe('NotSignedIn');
  });

  it('gives #server-to-user-<id> only to the socket signed in as that user', async () => {
    const { subscribe, registry } = setup();
    await registry.signIn('1.1', 'ann');
    await registry.signIn('1.2', 'bob');
    expect((await subscribe.execute({ socketId: '1.1', channel: '#server-to-user-ann' })).ok).toBe(true);
    const other = await subscribe.execute({ socketId: '1.2', channel: '#server-to-user-ann' });
    expect(other.ok || other.error.kind).toBe('NotSignedIn');
    const anonymous = await subscribe.execute({ socketId: '1.3', channel: '#server-to-user-ann' });
    expect(anonymous.ok || anonymous.error.kind).toBe('NotSignedIn');
  });

});

describe('LeaveChannels, PublishEvent, SendClientEvent, SignInUser', () => {
  it('announces a member who left with their last socket', async () => {
    const { subscribe, leave, sign, delivered } = setup();
    const data = (userId: string) => JSON.stringify({ user_id: userId });
    await subscribe.execute({ socketId: '1.1', channel: 'presence-r', auth: sign(`1.1:presence-r:${data('ann')}`), channelData: data('ann') });
    await subscribe.execute({ socketId: '1.2', channel: 'presence-r', auth: sign(`1.2:presence-r:${data('bob')}`), channelData: data('bob') });
    delivered.length = 0;
    expect(await leave.execute({ socketId: '1.2' })).toEqual({ left: 1 });
    expect(delivered).toEqual([{ socketId: '1.1', message: { event: 'pusher_internal:member_removed', channel: 'presence-r', data: { user_id: 'bob' } } }]);
  });

  it('publishes to every subscriber but the excluded socket, within Pusher\'s limits', async () => {
    const { subscribe, publish, sign, delivered } = setup();
    await subscribe.execute({ socketId: '1.1', channel: 'private-a', auth: sign('1.1:private-a') });
    await subscribe.execute({ socketId: '1.2', channel: 'private-a', auth: sign('1.2:private-a') });
    expect(await publish.execute({ name: 'e', data: '{"x":1}', channels: ['private-a'], excludeSocketId: '1.2' })).toEqual({ ok: true, value: { deliveries: 1 } });
    expect(delivered.map((entry) => entry.socketId)).toEqual(['1.1']);
    const tooMany = await publish.execute({ name: 'e', data: '', channels: Array.from({ length: 101 }, (_, index) => `c${index}`) });
    expect(tooMany.ok || tooMany.error.kind).toBe('InvalidEvent');
    const tooBig = await publish.execute({ name: 'e', data: 'x'.repeat(10 * 1024 + 1), channels: ['private-a'] });
    expect(tooBig.ok || tooBig.error.kind).toBe('PayloadTooLarge');
  });

  it('relays client events on private and presence channels only, never to the sender nor on encrypted channels', async () => {
    const { subscribe, clientEvent, sign, delivered } = setup();
    for (const socketId of ['1.1', '1.2']) {
      await subscribe.execute({ socketId, channel: 'private-a', auth: sign(`${socketId}:private-a`) });
      await subscribe.execute({ socketId, channel: 'private-encrypted-b', auth: sign(`${socketId}:private-encrypted-b`) });
    }
    expect(await clientEvent.execute({ socketId: '1.1', channel: 'private-a', name: 'client-typing', data: { x: 1 } })).toEqual({ ok: true, value: { deliveries: 1 } });
    expect(delivered.map((entry) => entry.socketId)).toEqual(['1.2']);
    for (const [channel, name, socketId] of [['private-encrypted-b', 'client-x', '1.1'], ['private-a', 'not-client', '1.1'], ['private-a', 'client-x', '9.9'], ['public', 'client-x', '1.1']]) {
      const refused = await clientEvent.execute({ socketId: socketId!, channel, name: name!, data: {} });
      expect(refused.ok || refused.error.kind).toBe('ClientEventRefused');
    }
  });

  it('signs a socket in only with the user-auth signature for exactly this user_data, and remembers it in the registry', async () => {
    const { signIn, sign, registry } = setup();
    const userData = '{"id":"ann"}';
    const forged = await signIn.execute({ socketId: '1.1', auth: sign(`1.1::user::${userData}`), userData: '{"id":"root"}' });
    expect(forged.ok || forged.error.kind).toBe('InvalidSignature');
    expect(await registry.signedInUser('1.1')).toBeUndefined();
    expect(await signIn.execute({ socketId: '1.1', auth: sign(`1.1::user::${userData}`), userData })).toEqual({ ok: true, value: { userId: 'ann', userData } });
    expect(await registry.signedInUser('1.1')).toBe('ann');
  });

  it('terminates every socket signed in as a user, and only those', async () => {
    const { terminate, registry, sockets } = setup();
    await registry.signIn('1.1', 'ann');
    await registry.signIn('1.2', 'ann');
    await registry.signIn('1.3', 'bob');
    expect(await terminate.execute('ann')).toEqual({ closed: 2 });
    expect([...sockets.closed].sort()).toEqual(['1.1', '1.2']);
  });

  it('forgets a socket a delivery finds gone, and tells the channel its user left', async () => {
    const { subscribe, publish, sign, delivered, sockets, registry } = setup();
    const data = (userId: string) => JSON.stringify({ user_id: userId });
    await subscribe.execute({ socketId: '1.1', channel: 'presence-r', auth: sign(`1.1:presence-r:${data('ann')}`), channelData: data('ann') });
    await subscribe.execute({ socketId: '1.2', channel: 'presence-r', auth: sign(`1.2:presence-r:${data('bob')}`), channelData: data('bob') });
    await subscribe.execute({ socketId: '1.2', channel: 'private-b', auth: sign('1.2:private-b') });
    sockets.gone.add('1.2');
    delivered.length = 0;
    expect(await publish.execute({ name: 'e', data: 'x', channels: ['presence-r'] })).toEqual({ ok: true, value: { deliveries: 1 } });
    expect(await registry.subscriptionCount('1.2')).toBe(0);
    expect(await registry.members('presence-r')).toEqual([{ userId: 'ann' }]);
    expect(delivered).toEqual([
      { socketId: '1.1', message: { event: 'e', channel: 'presence-r', data: 'x' } },
      { socketId: '1.1', message: { event: 'pusher_internal:member_removed', channel: 'presence-r', data: { user_id: 'bob' } } },
    ]);
  });
});
