import { ContainerModule } from 'inversify';
import { InMemoryChannelDeliveryQueue } from '../driven/in-memory/in-memory-channel-delivery-queue.ts';
import { InMemoryConnectionNotifier } from '../driven/in-memory/in-memory-connection-notifier.ts';
import { InMemoryConnectionRegistry } from '../driven/in-memory/in-memory-connection-registry.ts';
import { InMemoryNotificationQueue } from '../driven/in-memory/in-memory-notification-queue.ts';
import { InMemoryRefreshTokenStore } from '../driven/in-memory/in-memory-refresh-token-store.ts';
import { InMemoryUserEventPublisher } from '../driven/in-memory/in-memory-user-event-publisher.ts';
import { InMemoryReplayGuard } from '../driven/in-memory/in-memory-replay-guard.ts';
import type { Clock } from '../../domain/shared/clock.port.ts';
import { InMemoryUserSocketsTerminator } from '../driven/in-memory/in-memory-user-sockets-terminator.ts';
import { InMemoryWebhookEventSink } from '../driven/in-memory/in-memory-webhook-event-sink.ts';
import type { WebhookEventSink } from '../../domain/webhooks/webhook-event-sink.port.ts';
import { InMemoryAppWebhookSender } from '../driven/in-memory/in-memory-app-webhook-sender.ts';
import { InMemoryWebhookSignals } from '../driven/in-memory/in-memory-webhook-signals.ts';
import { InMemoryWebhookAnnouncements } from '../driven/in-memory/in-memory-webhook-announcements.ts';
import { InMemoryHandshakeInvoker } from '../driven/in-memory/in-memory-handshake-invoker.ts';
import { InMemoryRealtimeDelivery } from '../driven/in-memory/in-memory-realtime-delivery.ts';
import { InMemorySubscriptionRegistry } from '../driven/in-memory/in-memory-subscription-registry.ts';
import type { ChannelDeliveryQueue } from '../../domain/realtime/channel-delivery-queue.port.ts';
import type { RealtimeDelivery } from '../../domain/realtime/realtime-delivery.port.ts';
import type { SocketCloser } from '../../domain/realtime/socket-closer.port.ts';
import type { ConnectionNotifier } from '../../domain/notifications/connection-notifier.port.ts';
import type { ConnectionTerminator } from '../../domain/connections/connection-terminator.port.ts';
import type { NotificationQueue } from '../../domain/notifications/notification-queue.port.ts';
import type { UserEventPublisher } from '../../domain/notifications/user-event-publisher.port.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** Ports a test may implement itself instead of the in-memory default. */
export interface InMemoryOverrides {
  readonly notifier?: ConnectionNotifier;
  readonly terminator?: ConnectionTerminator;
  readonly queue?: NotificationQueue;
  /** `null`: bind none, because another module (the Pusher bridge) provides it. */
  readonly publisher?: UserEventPublisher | null;
  readonly webhookSink?: WebhookEventSink;
  readonly realtimeDelivery?: RealtimeDelivery & SocketCloser;
  /** Where channels over the inline limit go; a test delivers its chunks with `ChannelFanOut.deliverChunk`. */
  readonly channelQueue?: ChannelDeliveryQueue;
}

/** Every store and transport in process memory, for tests (local mode composes its own: local-container.ts). */
export function inMemoryAdaptersModule(overrides: InMemoryOverrides = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SERVICE_IDS.ConnectionRegistry).toConstantValue(new InMemoryConnectionRegistry());
    bind(SERVICE_IDS.RefreshTokenStore).toConstantValue(new InMemoryRefreshTokenStore());
    const notifier = new InMemoryConnectionNotifier();
    bind(SERVICE_IDS.ConnectionNotifier).toConstantValue(overrides.notifier ?? notifier);
    bind(SERVICE_IDS.ConnectionTerminator).toConstantValue(overrides.terminator ?? notifier);
    bind(SERVICE_IDS.UserSocketsTerminator).toConstantValue(new InMemoryUserSocketsTerminator());
    bind(SERVICE_IDS.NotificationQueue).toConstantValue(overrides.queue ?? new InMemoryNotificationQueue());
    if (overrides.publisher !== null) bind(SERVICE_IDS.UserEventPublisher).toConstantValue(overrides.publisher ?? new InMemoryUserEventPublisher());
    bind(SERVICE_IDS.ReplayGuard).toResolvedValue((clock: Clock) => new InMemoryReplayGuard(clock), [SERVICE_IDS.Clock]).inSingletonScope();
    bind(SERVICE_IDS.WebhookEventSink).toConstantValue(overrides.webhookSink ?? new InMemoryWebhookEventSink());
    bind(SERVICE_IDS.SubscriptionRegistry).toConstantValue(new InMemorySubscriptionRegistry());
    const realtimeDelivery = overrides.realtimeDelivery ?? new InMemoryRealtimeDelivery();
    bind(SERVICE_IDS.RealtimeDelivery).toConstantValue(realtimeDelivery);
    bind(SERVICE_IDS.SocketCloser).toConstantValue(realtimeDelivery);
    bind(SERVICE_IDS.HandshakeInvoker).toConstantValue(new InMemoryHandshakeInvoker());
    bind(SERVICE_IDS.WebhookAnnouncements).toConstantValue(new InMemoryWebhookAnnouncements());
    bind(SERVICE_IDS.WebhookSignals).toConstantValue(new InMemoryWebhookSignals());
    bind(SERVICE_IDS.AppWebhookSender).toConstantValue(new InMemoryAppWebhookSender());
    bind(SERVICE_IDS.ChannelDeliveryQueue).toConstantValue(overrides.channelQueue ?? new InMemoryChannelDeliveryQueue());
  });
}
