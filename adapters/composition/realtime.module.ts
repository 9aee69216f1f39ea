import { ContainerModule } from 'inversify';
import { LeaveChannels } from '../../domain/realtime/leave-channels.use-case.ts';
import { PublishEvent } from '../../domain/realtime/publish-event.use-case.ts';
import { SendClientEvent } from '../../domain/realtime/send-client-event.use-case.ts';
import { SignInUser } from '../../domain/realtime/sign-in-user.use-case.ts';
import { SubscribeToChannel } from '../../domain/realtime/subscribe-to-channel.use-case.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** The realtime (Pusher protocol) use cases: served by local mode only, so no Lambda bundle carries them. */
export const realtimeUseCasesModule = new ContainerModule(({ bind }) => {
  bind(SERVICE_IDS.SubscribeToChannel)
    .toResolvedValue((registry, delivery, config) => new SubscribeToChannel(registry, delivery, config.pusher), [SERVICE_IDS.SubscriptionRegistry, SERVICE_IDS.RealtimeDelivery, SERVICE_IDS.RuntimeConfig])
    .inSingletonScope();
  bind(SERVICE_IDS.LeaveChannels).toResolvedValue((registry, delivery) => new LeaveChannels(registry, delivery), [SERVICE_IDS.SubscriptionRegistry, SERVICE_IDS.RealtimeDelivery]).inSingletonScope();
  bind(SERVICE_IDS.SignInUser).toResolvedValue((config) => new SignInUser(config.pusher), [SERVICE_IDS.RuntimeConfig]).inSingletonScope();
  bind(SERVICE_IDS.PublishEvent).toResolvedValue((registry, delivery) => new PublishEvent(registry, delivery), [SERVICE_IDS.SubscriptionRegistry, SERVICE_IDS.RealtimeDelivery]).inSingletonScope();
  bind(SERVICE_IDS.SendClientEvent).toResolvedValue((registry, delivery) => new SendClientEvent(registry, delivery), [SERVICE_IDS.SubscriptionRegistry, SERVICE_IDS.RealtimeDelivery]).inSingletonScope();
});
