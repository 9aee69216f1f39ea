import { ContainerModule } from 'inversify';
import type { ChannelDeliveryQueue } from '../../domain/realtime/channel-delivery-queue.port.ts';
import { CHANNEL_INLINE_LIMIT, ChannelFanOut } from '../../domain/realtime/channel-fan-out.ts';
import { LeaveChannels } from '../../domain/realtime/leave-channels.use-case.ts';
import { PublishEvent } from '../../domain/realtime/publish-event.use-case.ts';
import { SendClientEvent } from '../../domain/realtime/send-client-event.use-case.ts';
import { SignInUser } from '../../domain/realtime/sign-in-user.use-case.ts';
import { SubscribeToChannel } from '../../domain/realtime/subscribe-to-channel.use-case.ts';
import { TerminateUserSockets } from '../../domain/realtime/terminate-user-sockets.use-case.ts';
import type { RealtimeDelivery } from '../../domain/realtime/realtime-delivery.port.ts';
import type { SubscriptionRegistry } from '../../domain/realtime/subscription-registry.port.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** The realtime (Pusher protocol) use cases, over a SubscriptionRegistry, a RealtimeDelivery and a SocketCloser bound elsewhere. */
export const realtimeUseCasesModule = new ContainerModule(({ bind }) => {
  // Where a ChannelDeliveryQueue is bound, channels over the inline limit go to its worker; elsewhere every channel is delivered inline.
  bind(SERVICE_IDS.ChannelFanOut)
    .toResolvedValue(
      (registry: SubscriptionRegistry, delivery: RealtimeDelivery, config: RuntimeConfig, queue: ChannelDeliveryQueue | undefined) =>
        new ChannelFanOut(registry, delivery, queue === undefined ? undefined : { queue, inlineLimit: CHANNEL_INLINE_LIMIT }, { subscriptionCountEvents: config.realtime.subscriptionCountEvents }),
      [SERVICE_IDS.SubscriptionRegistry, SERVICE_IDS.RealtimeDelivery, SERVICE_IDS.RuntimeConfig, { serviceIdentifier: SERVICE_IDS.ChannelDeliveryQueue, optional: true }],
    )
    .inSingletonScope();
  bind(SERVICE_IDS.SubscribeToChannel)
    .toResolvedValue((registry, fanOut, config) => new SubscribeToChannel(registry, fanOut, config.pusher), [SERVICE_IDS.SubscriptionRegistry, SERVICE_IDS.ChannelFanOut, SERVICE_IDS.RuntimeConfig])
    .inSingletonScope();
  bind(SERVICE_IDS.LeaveChannels).toResolvedValue((registry, fanOut) => new LeaveChannels(registry, fanOut), [SERVICE_IDS.SubscriptionRegistry, SERVICE_IDS.ChannelFanOut]).inSingletonScope();
  bind(SERVICE_IDS.SignInUser).toResolvedValue((registry, config) => new SignInUser(registry, config.pusher), [SERVICE_IDS.SubscriptionRegistry, SERVICE_IDS.RuntimeConfig]).inSingletonScope();
  bind(SERVICE_IDS.PublishEvent).toResolvedValue((fanOut, registry) => new PublishEvent(fanOut, registry), [SERVICE_IDS.ChannelFanOut, SERVICE_IDS.SubscriptionRegistry]).inSingletonScope();
  bind(SERVICE_IDS.SendClientEvent)
    .toResolvedValue((registry, fanOut, config) => new SendClientEvent(registry, fanOut, config.realtime.clientEventsPerSecond), [SERVICE_IDS.SubscriptionRegistry, SERVICE_IDS.ChannelFanOut, SERVICE_IDS.RuntimeConfig])
    .inSingletonScope();
  bind(SERVICE_IDS.TerminateUserSockets).toResolvedValue((registry, closer) => new TerminateUserSockets(registry, closer), [SERVICE_IDS.SubscriptionRegistry, SERVICE_IDS.SocketCloser]).inSingletonScope();
});
