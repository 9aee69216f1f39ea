import { ContainerModule } from 'inversify';
import type { ChannelDeliveryQueue } from '../../domain/realtime/channel-delivery-queue.port.ts';
import { CHANNEL_INLINE_LIMIT, ChannelFanOut } from '../../domain/realtime/channel-fan-out.ts';
import { LeaveChannels } from '../../domain/realtime/leave-channels.use-case.ts';
import { PublishEvent } from '../../domain/realtime/publish-event.use-case.ts';
import { SendClientEvent } from '../../domain/realtime/send-client-event.use-case.ts';
import { SignInUser } from '../../domain/realtime/sign-in-user.use-case.ts';
import { SubscribeToChannel } from '../../domain/realtime/subscribe-to-channel.use-case.ts';
import { TerminateUserSockets } from '../../domain/realtime/terminate-user-sockets.use-case.ts';
import { SendAppWebhooks } from '../../domain/webhooks/send-app-webhooks.use-case.ts';
import type { RealtimeDelivery } from '../../domain/realtime/realtime-delivery.port.ts';
import type { SubscriptionRegistry } from '../../domain/realtime/subscription-registry.port.ts';
import { SignallingSubscriptionRegistry } from '../../domain/webhooks/signalling-subscription-registry.ts';
import type { WebhookSignals } from '../../domain/webhooks/webhook-signals.port.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** The realtime (Pusher protocol) use cases, over a SubscriptionRegistry, a RealtimeDelivery and a SocketCloser bound elsewhere. */
/** A webhook signal that cannot be sent is logged, never a reason to fail the socket's own request. */
const reportSignalFailure = (error: unknown) => console.error(JSON.stringify({ level: 'ERROR', message: 'webhook signal not sent', error: String(error) }));

/** Signals that report a failure instead of failing the request that sent them. */
const reporting = (signals: WebhookSignals | undefined): WebhookSignals | undefined =>
  signals === undefined ? undefined : { send: (batch, options) => signals.send(batch, options).catch(reportSignalFailure) };

export const realtimeUseCasesModule = new ContainerModule(({ bind }) => {
  // Where WebhookSignals are bound (a webhook URL is set), every change the use cases make is signalled to the webhook worker.
  bind(SERVICE_IDS.RealtimeRegistry)
    .toResolvedValue(
      (registry: SubscriptionRegistry, signals: WebhookSignals | undefined) =>
        signals === undefined
          ? registry
          : new SignallingSubscriptionRegistry({ registry, signals, onSignalFailure: reportSignalFailure }),
      [SERVICE_IDS.SubscriptionRegistry, { serviceIdentifier: SERVICE_IDS.WebhookSignals, optional: true }],
    )
    .inSingletonScope();
  // Where a ChannelDeliveryQueue is bound, channels over the inline limit go to its worker; elsewhere every channel is delivered inline.
  bind(SERVICE_IDS.ChannelFanOut)
    .toResolvedValue(
      (registry: SubscriptionRegistry, delivery: RealtimeDelivery, config: RuntimeConfig, queue: ChannelDeliveryQueue | undefined) =>
        new ChannelFanOut(registry, delivery, queue === undefined ? undefined : { queue, inlineLimit: CHANNEL_INLINE_LIMIT }, { subscriptionCountEvents: config.realtime.subscriptionCountEvents }),
      [SERVICE_IDS.RealtimeRegistry, SERVICE_IDS.RealtimeDelivery, SERVICE_IDS.RuntimeConfig, { serviceIdentifier: SERVICE_IDS.ChannelDeliveryQueue, optional: true }],
    )
    .inSingletonScope();
  bind(SERVICE_IDS.SubscribeToChannel)
    .toResolvedValue(
      (registry: SubscriptionRegistry, fanOut: ChannelFanOut, config: RuntimeConfig, webhooks: WebhookSignals | undefined) => new SubscribeToChannel(registry, fanOut, config.pusher, reporting(webhooks)),
      [SERVICE_IDS.RealtimeRegistry, SERVICE_IDS.ChannelFanOut, SERVICE_IDS.RuntimeConfig, { serviceIdentifier: SERVICE_IDS.WebhookSignals, optional: true }],
    )
    .inSingletonScope();
  bind(SERVICE_IDS.LeaveChannels).toResolvedValue((registry, fanOut) => new LeaveChannels(registry, fanOut), [SERVICE_IDS.RealtimeRegistry, SERVICE_IDS.ChannelFanOut]).inSingletonScope();
  bind(SERVICE_IDS.SignInUser).toResolvedValue((registry, config, fanOut) => new SignInUser(registry, config.pusher, fanOut), [SERVICE_IDS.RealtimeRegistry, SERVICE_IDS.RuntimeConfig, SERVICE_IDS.ChannelFanOut]).inSingletonScope();
  bind(SERVICE_IDS.PublishEvent).toResolvedValue((fanOut, registry) => new PublishEvent(fanOut, registry), [SERVICE_IDS.ChannelFanOut, SERVICE_IDS.RealtimeRegistry]).inSingletonScope();
  bind(SERVICE_IDS.SendClientEvent)
    .toResolvedValue(
      (registry: SubscriptionRegistry, fanOut: ChannelFanOut, config: RuntimeConfig, webhooks: WebhookSignals | undefined) =>
        new SendClientEvent(
          registry,
          fanOut,
          config.realtime.clientEventsPerSecond,
          reporting(webhooks),
        ),
      [SERVICE_IDS.RealtimeRegistry, SERVICE_IDS.ChannelFanOut, SERVICE_IDS.RuntimeConfig, { serviceIdentifier: SERVICE_IDS.WebhookSignals, optional: true }],
    )
    .inSingletonScope();
  bind(SERVICE_IDS.SendAppWebhooks)
    .toResolvedValue(
      (registry, announcements, sender, clock, config) => {
        // Signing needs the app secret: a worker without it fails its cold start naming it, not every batch.
        void config.pusher.secret;
        return new SendAppWebhooks({ registry, announcements, sender, clock, credentials: config.pusher, subscriptionCountEvents: config.realtime.subscriptionCountEvents });
      },
      [SERVICE_IDS.SubscriptionRegistry, SERVICE_IDS.WebhookAnnouncements, SERVICE_IDS.AppWebhookSender, SERVICE_IDS.Clock, SERVICE_IDS.RuntimeConfig],
    )
    .inSingletonScope();
  bind(SERVICE_IDS.TerminateUserSockets).toResolvedValue((registry, closer) => new TerminateUserSockets(registry, closer), [SERVICE_IDS.RealtimeRegistry, SERVICE_IDS.SocketCloser]).inSingletonScope();
});
