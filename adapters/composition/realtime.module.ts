import { ContainerModule } from 'inversify';
import { LeaveChannels } from '../../domain/realtime/leave-channels.use-case.ts';
import { PublishEvent } from '../../domain/realtime/publish-event.use-case.ts';
import { SendClientEvent } from '../../domain/realtime/send-client-event.use-case.ts';
import { SignInUser } from '../../domain/realtime/sign-in-user.use-case.ts';
import { SubscribeToChannel } from '../../domain/realtime/subscribe-to-channel.use-case.ts';
import { TOKENS } from './tokens.ts';

/** The realtime (Pusher protocol) use cases: served by local mode only, so no Lambda bundle carries them. */
export const realtimeUseCasesModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.SubscribeToChannel)
    .toResolvedValue((registry, delivery, config) => new SubscribeToChannel(registry, delivery, config.pusher), [TOKENS.SubscriptionRegistry, TOKENS.RealtimeDelivery, TOKENS.RuntimeConfig])
    .inSingletonScope();
  bind(TOKENS.LeaveChannels).toResolvedValue((registry, delivery) => new LeaveChannels(registry, delivery), [TOKENS.SubscriptionRegistry, TOKENS.RealtimeDelivery]).inSingletonScope();
  bind(TOKENS.SignInUser).toResolvedValue((config) => new SignInUser(config.pusher), [TOKENS.RuntimeConfig]).inSingletonScope();
  bind(TOKENS.PublishEvent).toResolvedValue((registry, delivery) => new PublishEvent(registry, delivery), [TOKENS.SubscriptionRegistry, TOKENS.RealtimeDelivery]).inSingletonScope();
  bind(TOKENS.SendClientEvent).toResolvedValue((registry, delivery) => new SendClientEvent(registry, delivery), [TOKENS.SubscriptionRegistry, TOKENS.RealtimeDelivery]).inSingletonScope();
});
