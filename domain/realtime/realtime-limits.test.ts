import { describe, expect, it } from 'vitest';
import { InMemorySubscriptionRegistry } from '../../adapters/driven/in-memory/in-memory-subscription-registry.ts';
import { TEST_CREDENTIALS } from '../../test/support/test-domain.ts';
import { pusherAuthSignature } from '../channels/pusher-signature.ts';
import { ChannelFanOut } from './channel-fan-out.ts';
import { PublishEvent } from './publish-event.use-case.ts';
import type { RealtimeMessage } from './realtime-delivery.port.ts';
import { SendClientEvent } from './send-client-event.use-case.ts';
import { MAX_SUBSCRIPTIONS_PER_SOCKET, SubscribeToChannel } from './subscribe-to-channel.use-case.ts';

function setup() {
  const registry = new InMemorySubscriptionRegistry();
  const delivered: RealtimeMessage[] = [];
  const fanOut = new ChannelFanOut(registry, {
    deliver: async (_socketId: string, message: RealtimeMessage) => {
      delivered.push(message);
      return 'delivered' as const;
    },
  });
  return { registry, delivered, subscribe: new SubscribeToChannel(registry, fanOut, TEST_CREDENTIALS), publish: new PublishEvent(fanOut, registry), clientEvent: new SendClientEvent(registry, fanOut) };
}

describe('the per-socket subscription cap', () => {
  it(`refuses subscription ${MAX_SUBSCRIPTIONS_PER_SOCKET + 1} of one socket, lets it resubscribe, and frees a place on unsubscribe`, async () => {
    const { subscribe, registry } = setup();
    for (let index = 0; index < MAX_SUBSCRIPTIONS_PER_SOCKET; index += 1) expect((await subscribe.execute({ socketId: '1.1', channel: `news-${index}` })).ok).toBe(true);
    const refused = await subscribe.execute({ socketId: '1.1', channel: 'news-extra' });
    expect(refused).toEqual({ ok: false, error: { kind: 'TooManySubscriptions', message: expect.stringContaining(`at most ${MAX_SUBSCRIPTIONS_PER_SOCKET} channels`) } });
    const privateRefused = await subscribe.execute({ socketId: '1.1', channel: 'private-x', auth: pusherAuthSignature(TEST_CREDENTIALS, '1.1:private-x') });
    expect(privateRefused.ok || privateRefused.error.kind).toBe('TooManySubscriptions');
    expect(await registry.subscriptionCount('1.1')).toBe(MAX_SUBSCRIPTIONS_PER_SOCKET);
    expect((await subscribe.execute({ socketId: '1.1', channel: 'news-0' })).ok, 'a channel it is on already').toBe(true);
    expect((await subscribe.execute({ socketId: '1.2', channel: 'news-extra' })).ok, 'another socket').toBe(true);
    await registry.remove('1.1', 'news-0');
    expect((await subscribe.execute({ socketId: '1.1', channel: 'news-extra' })).ok).toBe(true);
  });
});

describe('event names from apps and clients', () => {
  it.each(['pusher:member_added', 'pusher_internal:subscription_succeeded', 'pusher:error', 'line\nbreak', 'bell\u0007', 'nul\u0000', 'c1\u0085'])('the HTTP API refuses %j', async (name) => {
    const { publish, subscribe, delivered } = setup();
    await subscribe.execute({ socketId: '1.1', channel: 'news' });
    const result = await publish.execute({ name, data: '{}', channels: ['news'] });
    expect(result.ok || result.error.kind).toBe('InvalidEvent');
    expect(delivered).toEqual([]);
  });

  it('the HTTP API still takes ordinary names, and names that merely mention pusher', async () => {
    const { publish } = setup();
    for (const name of ['new-message', 'my-pusher:thing', 'émoji-✓']) expect((await publish.execute({ name, data: '{}', channels: ['news'] })).ok, name).toBe(true);
  });

  it.each(['client-a\nb', 'client-\u0000', 'pusher:client-x', 'pusher_internal:member_added'])('a client may not send %j', async (name) => {
    const { subscribe, clientEvent, delivered } = setup();
    for (const socketId of ['1.1', '1.2']) await subscribe.execute({ socketId, channel: 'private-room', auth: pusherAuthSignature(TEST_CREDENTIALS, `${socketId}:private-room`) });
    const result = await clientEvent.execute({ socketId: '1.1', channel: 'private-room', name, data: {} });
    expect(result.ok || result.error.kind).toBe('ClientEventRefused');
    expect(delivered).toEqual([]);
  });
});
