import { describe, expect, it } from 'vitest';
import { webSocketEvent } from '../../../test/support/lambda-events.ts';
import { recordingObservability } from '../../../test/support/recording-observability.ts';
import { TEST_CREDENTIALS } from '../../../test/support/test-domain.ts';
import { pusherAuthSignature } from '../../../domain/channels/pusher-signature.ts';
import { ChannelFanOut } from '../../../domain/realtime/channel-fan-out.ts';
import { LeaveChannels } from '../../../domain/realtime/leave-channels.use-case.ts';
import { PublishEvent } from '../../../domain/realtime/publish-event.use-case.ts';
import { SendClientEvent } from '../../../domain/realtime/send-client-event.use-case.ts';
import { SignInUser } from '../../../domain/realtime/sign-in-user.use-case.ts';
import { SubscribeToChannel } from '../../../domain/realtime/subscribe-to-channel.use-case.ts';
import { TerminateUserSockets } from '../../../domain/realtime/terminate-user-sockets.use-case.ts';
import { socketIdOf } from '../../../domain/channels/socket-id.ts';
import { InMemoryRealtimeDelivery } from '../../driven/in-memory/in-memory-realtime-delivery.ts';
import { InMemorySubscriptionRegistry } from '../../driven/in-memory/in-memory-subscription-registry.ts';
import { makeChannelsMessageHandler } from './channels-message.ts';

const CONNECTION = 'chanConn=';
const SOCKET = socketIdOf(CONNECTION);

function system(options: { subscriptionCountEvents?: boolean } = {}) {
  const registry = new InMemorySubscriptionRegistry();
  const delivery = new InMemoryRealtimeDelivery();
  const fanOut = new ChannelFanOut(registry, delivery, undefined, options);
  const { observability } = recordingObservability();
  const handler = makeChannelsMessageHandler({
    subscribe: new SubscribeToChannel(registry, fanOut, TEST_CREDENTIALS),
    leave: new LeaveChannels(registry, fanOut),
    signIn: new SignInUser(registry, TEST_CREDENTIALS, fanOut),
    clientEvent: new SendClientEvent(registry, fanOut, 2),
    delivery,
    ...observability,
  });
  const send = (frame: Record<string, unknown>) => handler(webSocketEvent(String(frame['event']), CONNECTION, { body: JSON.stringify(frame) }));
  return { registry, delivery, send, publish: new PublishEvent(fanOut, registry), terminate: new TerminateUserSockets(registry, delivery) };
}

/** A route response's frame, `data` decoded. */
function answered(result: { body?: string }) {
  const frame = JSON.parse(result.body ?? 'null') as { event: string; channel?: string; data: string };
  return { ...frame, data: JSON.parse(frame.data) as unknown };
}

describe('channels-message', () => {
  it('answers an ordinary subscribe with subscription_succeeded as the route response, posting nothing', async () => {
    const { send, delivery } = system();
    expect(answered(await send({ event: 'pusher:subscribe', data: { channel: 'news' } }))).toEqual({ event: 'pusher_internal:subscription_succeeded', channel: 'news', data: {} });
    expect(delivery.received(SOCKET)).toEqual([]);
  });

  it('posts a cache channel\'s subscription_succeeded and then its last event through @connections, with no route response', async () => {
    const { send, delivery, publish } = system({ subscriptionCountEvents: true });
    await publish.execute({ name: 'state', channels: ['cache-board'], data: '{"v":1}' });
    expect(await send({ event: 'pusher:subscribe', data: { channel: 'cache-board' } })).toEqual({ statusCode: 200 });
    expect(delivery.received(SOCKET)).toEqual([
      { event: 'pusher_internal:subscription_succeeded', channel: 'cache-board', data: {} },
      { event: 'state', channel: 'cache-board', data: '{"v":1}' },
      { event: 'pusher_internal:subscription_count', channel: 'cache-board', data: { subscription_count: 1 } },
    ]);
  });

  it('posts pusher:cache_miss after subscription_succeeded when the cache is empty, and stops posting (and forgets the socket) once it is gone', async () => {
    const { send, delivery, registry } = system();
    await send({ event: 'pusher:subscribe', data: { channel: 'cache-empty' } });
    expect(delivery.received(SOCKET).map((message) => message.event)).toEqual(['pusher_internal:subscription_succeeded', 'pusher:cache_miss']);
    delivery.gone.add(SOCKET);
    expect(await send({ event: 'pusher:subscribe', data: { channel: 'cache-other' } })).toEqual({ statusCode: 200 });
    // Found gone while answering: forgotten, so the subscriptions it made are not left behind.
    expect(await registry.subscriptionCount(SOCKET)).toBe(0);
  });

  it('answers a client event over the connection\'s rate with pusher:error 4301', async () => {
    const { send, registry } = system();
    await registry.add(SOCKET, 'private-chat');
    await registry.add('1.1', 'private-chat');
    const clientEvent = { event: 'client-typing', channel: 'private-chat', data: {} };
    expect(await send(clientEvent)).toEqual({ statusCode: 200 });
    expect(await send(clientEvent)).toEqual({ statusCode: 200 });
    expect(answered(await send(clientEvent))).toEqual({ event: 'pusher:error', data: { code: 4301, message: 'Client event rejected: a connection may send at most 2 client events a second' } });
    expect(answered(await send({ ...clientEvent, channel: 'news' })).data).toEqual({ code: null, message: 'client events are allowed on private and presence channels only' });
  });

  it('answers a sign-in with a watchlist through @connections, signin_success first and then the watchlist status, as Pusher orders them', async () => {
    const { send, delivery } = system();
    const userData = JSON.stringify({ id: 'ann', watchlist: ['bob'] });
    expect(await send({ event: 'pusher:signin', data: { auth: pusherAuthSignature(TEST_CREDENTIALS, `${SOCKET}::user::${userData}`), user_data: userData } })).toEqual({ statusCode: 200 });
    expect(delivery.received(SOCKET)).toEqual([
      { event: 'pusher:signin_success', data: { user_data: userData } },
      { event: 'pusher_internal:watchlist_events', data: { events: [{ name: 'offline', user_ids: ['bob'] }] } },
    ]);
  });

  it('forgets a socket found gone when its sign-in is answered, so its user is not left online', async () => {
    const { send, delivery, registry } = system();
    delivery.gone.add(SOCKET);
    const userData = JSON.stringify({ id: 'ann', watchlist: ['bob'] });
    expect(await send({ event: 'pusher:signin', data: { auth: pusherAuthSignature(TEST_CREDENTIALS, `${SOCKET}::user::${userData}`), user_data: userData } })).toEqual({ statusCode: 200 });
    expect(await registry.onlineAmong(['ann'])).toEqual([]);
    expect(await registry.watchersOf('bob')).toEqual([]);
  });

  it('refuses the sign-in of a user just terminated with pusher:error 4009', async () => {
    const { send, terminate } = system();
    await terminate.execute('ann');
    const userData = JSON.stringify({ id: 'ann' });
    const answer = answered(await send({ event: 'pusher:signin', data: { auth: pusherAuthSignature(TEST_CREDENTIALS, `${SOCKET}::user::${userData}`), user_data: userData } }));
    expect(answer).toMatchObject({ event: 'pusher:error', data: { code: 4009, message: expect.stringContaining('terminated') } });
  });
});
