import type { Container } from 'inversify';
import { ContainerModule } from 'inversify';
import type { ConnectionTerminator } from '../../domain/connections/connection-terminator.port.ts';
import type { ConnectionNotifier } from '../../domain/notifications/connection-notifier.port.ts';
import type { NotificationQueue } from '../../domain/notifications/notification-queue.port.ts';
import { ConnectionRealtimeDelivery } from '../driven/apigateway/connection-realtime-delivery.ts';
import type { HandshakeInvoker } from '../../domain/realtime/handshake-invoker.port.ts';
import { InMemoryConnectionRegistry } from '../driven/in-memory/in-memory-connection-registry.ts';
import { InMemoryRefreshTokenStore } from '../driven/in-memory/in-memory-refresh-token-store.ts';
import { InMemorySubscriptionRegistry } from '../driven/in-memory/in-memory-subscription-registry.ts';
import { InMemoryReplayGuard } from '../driven/in-memory/in-memory-replay-guard.ts';
import type { Clock } from '../../domain/shared/clock.port.ts';
import { InMemoryWebhookEventSink } from '../driven/in-memory/in-memory-webhook-event-sink.ts';
import { InMemoryWebhookAnnouncements } from '../driven/in-memory/in-memory-webhook-announcements.ts';
import { LocalQueueWebhookSignals, type DelayingQueueSender } from '../driven/local-queue/local-queue-webhook-signals.ts';
import { appWebhookSenderModule } from './app-webhooks.module.ts';
import { LocalQueueChannelDeliveryQueue } from '../driven/local-queue/local-queue-channel-delivery-queue.ts';
import { LocalQueueNotificationQueue, type QueueSender } from '../driven/local-queue/local-queue-notification-queue.ts';
import { createContainer } from './container.ts';
import { dynamoDbModule, dynamoDbSubscriptionsModule } from './dynamodb.module.ts';
import { userBridgeModule, userSocketsTerminatorModule } from './user-channels.module.ts';
import { realtimeUseCasesModule } from './realtime.module.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';
import { tokenCodecModule } from './token-codec.module.ts';
import { webhookVerifierModule } from './webhook-verifier.module.ts';

/** What local mode's emulations of AWS give the use cases; each exists before the container is built. */
export interface LocalTransports {
  /** The WebSocket API's open connections (on AWS: the Management API): PostToConnection and DeleteConnection. */
  readonly notifier: ConnectionNotifier & { disconnect(connectionId: string): unknown };
  /** The local NotifyConnection queue (on AWS: SQS). */
  readonly notifyConnectionQueue: QueueSender;
  /** The channels API's open connections (on AWS: its Management API): where Pusher frames go. */
  readonly channelConnections: ConnectionNotifier & { disconnect(connectionId: string): unknown };
  /** Lambda's asynchronous invoke of `channels-handshake`. */
  readonly handshakeInvoker: HandshakeInvoker;
  /** The local channel fan-out queue (on AWS: SQS), whose worker delivers large channels. */
  readonly channelFanOutQueue: QueueSender;
  /** The local queue to the webhook worker (on AWS: SQS); used when PUSHER_WEBHOOK_URL is set. */
  readonly appWebhookQueue: DelayingQueueSender;
}

/** Where local mode keeps connections, refresh tokens and channel subscriptions: in memory, or in DynamoDB (dynalite). */
export type LocalStorage = { readonly kind: 'memory' } | { readonly kind: 'dynamodb'; readonly clientConfig: Parameters<typeof dynamoDbModule>[1] };

export interface LocalComposition {
  readonly container: Container;
  /** Rows in the connection registry, when it can count them (in memory). */
  readonly registryRows: () => number | undefined;
}

/** How many verified webhooks local mode keeps to show; a long-running `npm start` must not grow without bound. */
const KEPT_WEBHOOKS = 100;

/**
 * Local mode's object graph, built in order from transports that already exist: nothing is bound
 * late, so no delivery can reach a stand-in. With the bridge on, notifications reach the user's
 * pusher-js clients through the real `pusher` package against local mode's own Pusher HTTP API
 * (`config.pusherApi`), the same adapter and calls a deployment makes against Pusher.
 */
export function createLocalContainer(config: RuntimeConfig, transports: LocalTransports, storage: LocalStorage): LocalComposition {
  const connections = storage.kind === 'memory' ? new InMemoryConnectionRegistry() : undefined;
  const stores = new ContainerModule(({ bind }) => {
    if (connections !== undefined) {
      bind(SERVICE_IDS.ConnectionRegistry).toConstantValue(connections);
      bind(SERVICE_IDS.RefreshTokenStore).toConstantValue(new InMemoryRefreshTokenStore());
    }
    if (storage.kind === 'memory') {
      bind(SERVICE_IDS.SubscriptionRegistry).toConstantValue(new InMemorySubscriptionRegistry());
      bind(SERVICE_IDS.WebhookAnnouncements).toConstantValue(new InMemoryWebhookAnnouncements());
    }
  });
  const channelConnections = transports.channelConnections;
  // The same adapter a deployment uses, over the emulated channels API instead of its Management API.
  const channelSockets = new ConnectionRealtimeDelivery({ send: (connectionId, payload) => channelConnections.send(connectionId, payload), disconnect: async (connectionId) => void channelConnections.disconnect(connectionId) });
  const transportsModule = new ContainerModule(({ bind }) => {
    bind(SERVICE_IDS.ConnectionNotifier).toConstantValue(transports.notifier);
    bind(SERVICE_IDS.ConnectionTerminator).toConstantValue({ disconnect: async (connectionId) => void transports.notifier.disconnect(connectionId) } satisfies ConnectionTerminator);
    bind(SERVICE_IDS.NotificationQueue).toConstantValue(new LocalQueueNotificationQueue(transports.notifyConnectionQueue) satisfies NotificationQueue);
    bind(SERVICE_IDS.RealtimeDelivery).toConstantValue(channelSockets);
    bind(SERVICE_IDS.SocketCloser).toConstantValue(channelSockets);
    bind(SERVICE_IDS.HandshakeInvoker).toConstantValue(transports.handshakeInvoker);
    if (config.pusherWebhookUrl !== undefined) bind(SERVICE_IDS.WebhookSignals).toConstantValue(new LocalQueueWebhookSignals(transports.appWebhookQueue));
    bind(SERVICE_IDS.ChannelDeliveryQueue).toConstantValue(new LocalQueueChannelDeliveryQueue(transports.channelFanOutQueue));
    bind(SERVICE_IDS.WebhookEventSink).toConstantValue(new InMemoryWebhookEventSink(KEPT_WEBHOOKS));
    // In memory whatever the storage: webhooks are remembered for minutes, never across restarts.
    bind(SERVICE_IDS.ReplayGuard).toResolvedValue((clock: Clock) => new InMemoryReplayGuard(clock), [SERVICE_IDS.Clock]).inSingletonScope();
  });
  const container = createContainer(
    config,
    tokenCodecModule(config),
    stores,
    ...(storage.kind === 'dynamodb' ? [dynamoDbModule(config, storage.clientConfig), dynamoDbSubscriptionsModule(config, storage.clientConfig)] : []),
    transportsModule,
    webhookVerifierModule(config),
    appWebhookSenderModule(config),
    // As on AWS, to wherever CHANNELS says; `hosted` is, here, local mode's own Pusher HTTP API through the pusher package.
    userSocketsTerminatorModule(config),
    ...(config.pusherBridge.enabled ? [userBridgeModule(config)] : []),
    realtimeUseCasesModule,
  );
  return { container, registryRows: () => connections?.size() };
}
