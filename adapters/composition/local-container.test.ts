import { describe, expect, it } from 'vitest';
import { localEnvironment } from '../driving/local/local-environment.ts';
import { LocalQueue } from '../driving/local/local-queue.ts';
import { PusherSockets } from '../driving/local/pusher/pusher-sockets.ts';
import { WebSocketConnections } from '../driving/local/websocket-connections.ts';
import { createLocalContainer } from './local-container.ts';
import { parseRuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

function compose(env: Record<string, string> = {}) {
  const transports = { notifier: new WebSocketConnections(), notifyConnectionQueue: new LocalQueue({ name: 'NotifyConnection' }), realtimeDelivery: new PusherSockets() };
  const config = parseRuntimeConfig(localEnvironment({ PUSHER_HOST: '127.0.0.1', PUSHER_PORT: '4999', PUSHER_USE_TLS: 'false', ...env }));
  return { transports, ...createLocalContainer(config, transports, { kind: 'memory' }) };
}

describe("local mode's composition", () => {
  it('hands the use cases the transports that exist, never a stand-in', () => {
    const { container, transports } = compose();
    expect(container.get(SERVICE_IDS.ConnectionNotifier)).toBe(transports.notifier);
    expect(container.get(SERVICE_IDS.RealtimeDelivery)).toBe(transports.realtimeDelivery);
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
