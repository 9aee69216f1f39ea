import { describe, expect, it } from 'vitest';
import { localEnvironment } from '../driving/local/local-environment.ts';
import { LocalQueue } from '../driving/local/local-queue.ts';
import { socketIdOf } from '../../domain/channels/socket-id.ts';
import { LocalAsyncInvoker } from '../driving/local/local-async-invoker.ts';
import { WebSocketConnections } from '../driving/local/websocket-connections.ts';
import { createLocalContainer } from './local-container.ts';
import { parseRuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

function compose(env: Record<string, string> = {}) {
  const transports = {
    notifier: new WebSocketConnections(),
    notifyConnectionQueue: new LocalQueue({ name: 'NotifyConnection' }),
    channelConnections: new WebSocketConnections(),
    handshakeInvoker: new LocalAsyncInvoker(() => undefined),
    channelFanOutQueue: new LocalQueue({ name: 'ChannelFanOut' }),
    appWebhookQueue: new LocalQueue({ name: 'AppWebhooks' }),
  };
  const config = parseRuntimeConfig(localEnvironment({ PUSHER_HOST: '127.0.0.1', PUSHER_PORT: '4999', PUSHER_USE_TLS: 'false', ...env }));
  return { transports, ...createLocalContainer(config, transports, { kind: 'memory' }) };
}

describe("local mode's composition", () => {
  it('hands the use cases the transports that exist, never a stand-in', () => {
    const { container, transports } = compose();
    expect(container.get(SERVICE_IDS.ConnectionNotifier)).toBe(transports.notifier);
    expect(container.get(SERVICE_IDS.HandshakeInvoker)).toBe(transports.handshakeInvoker);
  });

  it('delivers Pusher frames to the channels API\'s connections, not the WebSocket API\'s', async () => {
    const { container, transports } = compose();
    const posted: string[] = [];
    transports.channelConnections.send = async (connectionId, payload) => (posted.push(`${connectionId} ${payload}`), 'delivered');
    transports.notifier.send = async () => expect.unreachable('a Pusher frame reached the WebSocket API');
    expect(await container.get(SERVICE_IDS.RealtimeDelivery).deliver(socketIdOf('c1='), { event: 'e', channel: 'news', data: { a: 1 } })).toBe('delivered');
    expect(posted).toEqual(['c1= {"event":"e","channel":"news","data":"{\\"a\\":1}"}']);
  });

  it('queues NotifyConnection messages on the local queue, as the SQS adapter would', async () => {
    const { container, transports } = compose();
    await container.get(SERVICE_IDS.NotificationQueue).enqueue([{ connectionId: 'c1=', data: { hi: 1 } }]);
    expect(transports.notifyConnectionQueue.peekBodies().map((body) => JSON.parse(body))).toEqual([{ connectionId: 'c1=', data: { hi: 1 } }]);
  });

  it('counts registry rows in memory, and binds the Pusher bridge only when it is on', () => {
    const on = compose();
    expect(on.registryRows()).toBe(0);
    expect(on.container.isBound(SERVICE_IDS.UserEventPublisher)).toBe(true);
    expect(compose({ PUSHER_BRIDGE: 'off' }).container.isBound(SERVICE_IDS.UserEventPublisher)).toBe(false);
  });
});
