import { ContainerModule } from 'inversify';
import { EveryUserEventPublisher } from '../../domain/notifications/every-user-event-publisher.ts';
import type { UserEventPublisher } from '../../domain/notifications/user-event-publisher.port.ts';
import type { PublishEvent } from '../../domain/realtime/publish-event.use-case.ts';
import { PublishToUserChannel } from '../../domain/realtime/publish-to-user-channel.ts';
import type { TerminateUserSockets } from '../../domain/realtime/terminate-user-sockets.use-case.ts';
import type { UserSocketsTerminator } from '../../domain/realtime/user-sockets-terminator.port.ts';
import { servesOwnChannels, usesHostedPusher } from '../../manifest/settings.ts';
import { PusherUserEventPublisher } from '../driven/pusher/pusher-user-event-publisher.ts';
import { PusherUserSocketsTerminator } from '../driven/pusher/pusher-user-sockets-terminator.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

// Where a stack's pusher-js users are (`channels`: hosted Pusher, the stack's own channels, or both),
// and so where the bridge's notifications and a revocation's terminations go.

/** The `pusher` package, loaded when hosted Pusher is first called: it adds about 85 ms to a cold start. */
const pusherClient = (config: RuntimeConfig) => async () => (await import('./pusher.module.ts')).createPusherClient(config);

/** The bridge: each notification also goes to the user's pusher-js clients, wherever the stack's channels are. */
export function userBridgeModule(config: RuntimeConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SERVICE_IDS.UserEventPublisher)
      .toResolvedValue(
        (publish: PublishEvent | undefined) => {
          const eventName = config.pusherBridge.eventName;
          // Hosted Pusher needs the app secret: a function without it fails its cold start naming it, not its first notification.
          if (usesHostedPusher(config.channels)) void config.pusher.secret;
          let hosted: PusherUserEventPublisher | undefined;
          const publishers: UserEventPublisher[] = [
            ...(usesHostedPusher(config.channels) ? [{ publishToUser: async (userId: string, data: unknown) => (hosted ??= new PusherUserEventPublisher(await pusherClient(config)(), eventName)).publishToUser(userId, data) }] : []),
            ...(servesOwnChannels(config.channels) ? [new PublishToUserChannel(required(publish, 'PublishEvent'), eventName)] : []),
          ];
          return publishers.length === 1 ? publishers[0]! : new EveryUserEventPublisher(publishers);
        },
        [{ serviceIdentifier: SERVICE_IDS.PublishEvent, optional: true }],
      )
      .inSingletonScope();
  });
}

/** Revoking a user closes their pusher-js sockets too: on hosted Pusher, on the stack's own channels, or both. */
export function userSocketsTerminatorModule(config: RuntimeConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SERVICE_IDS.UserSocketsTerminator)
      .toResolvedValue(
        (own: TerminateUserSockets | undefined): UserSocketsTerminator => {
          const terminators: UserSocketsTerminator[] = [
            ...(usesHostedPusher(config.channels) ? [new PusherUserSocketsTerminator(pusherClient(config))] : []),
            ...(servesOwnChannels(config.channels) ? [required(own, 'TerminateUserSockets')] : []),
          ];
          return { terminateUser: async (userId) => void (await Promise.all(terminators.map((terminator) => terminator.terminateUser(userId)))) };
        },
        [{ serviceIdentifier: SERVICE_IDS.TerminateUserSockets, optional: true }],
      )
      .inSingletonScope();
  });
}

function required<T>(service: T | undefined, name: string): T {
  if (service === undefined) throw new Error(`reaching the stack's own channels needs ${name}: compose ownChannelsModules (own-channels.module.ts) too`);
  return service;
}
