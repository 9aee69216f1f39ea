import { ContainerModule } from 'inversify';
import { TEST_ACTION_MESSAGE } from '../driving/lambda/test-action-reply.ts';
import { AuthorizeConnection } from '../../domain/connections/authorize-connection.use-case.ts';
import { RegisterConnection } from '../../domain/connections/register-connection.use-case.ts';
import { UnregisterConnection } from '../../domain/connections/unregister-connection.use-case.ts';
import { RouteMessage } from '../../domain/messaging/route-message.use-case.ts';
import { DeliverToConnection } from '../../domain/notifications/deliver-to-connection.use-case.ts';
import { FanOutToUser } from '../../domain/notifications/fan-out-to-user.use-case.ts';
import { IssueToken } from '../../domain/tokens/issue-token.use-case.ts';
import { RevokeToken } from '../../domain/tokens/revoke-token.use-case.ts';
import { ReceiveWebhook } from '../../domain/webhooks/receive-webhook.use-case.ts';
import type { ConnectionRegistry } from '../../domain/connections/connection-registry.port.ts';
import type { ConnectionTerminator } from '../../domain/connections/connection-terminator.port.ts';
import type { RefreshTokenStore } from '../../domain/tokens/refresh-token-store.port.ts';
import type { UserSocketsTerminator } from '../../domain/realtime/user-sockets-terminator.port.ts';
import type { NotificationQueue } from '../../domain/notifications/notification-queue.port.ts';
import type { UserEventPublisher } from '../../domain/notifications/user-event-publisher.port.ts';
import type { Clock } from '../../domain/shared/clock.port.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/**
 * Every use case but the auth path's (access-token-use-cases.module.ts), built from the ports
 * whatever adapters implement them. Decorator-free on purpose. Some of these take the auth path's
 * (AuthorizeConnection verifies tokens): load it beside that module, as createContainer does.
 */
export const useCasesModule = new ContainerModule(({ bind }) => {
  bind(SERVICE_IDS.IssueToken)
    .toResolvedValue(
      (codec, store, clock, ids, config) =>
        new IssueToken({ codec, store, clock, ids, policy: config.tokens.policy, trustedClient: { key: config.pusher.key, secret: config.pusher.secret } }),
      [SERVICE_IDS.TokenCodec, SERVICE_IDS.RefreshTokenStore, SERVICE_IDS.Clock, SERVICE_IDS.IdGenerator, SERVICE_IDS.RuntimeConfig],
    )
    .inSingletonScope();
  bind(SERVICE_IDS.RevokeToken)
    .toResolvedValue(
      (store: RefreshTokenStore, registry: ConnectionRegistry, terminator: ConnectionTerminator, clock: Clock, config: RuntimeConfig, userSockets: UserSocketsTerminator | undefined) =>
        new RevokeToken({ store, registry, terminator, userSockets, clock, trustedClient: { key: config.pusher.key, secret: config.pusher.secret } }),
      [SERVICE_IDS.RefreshTokenStore, SERVICE_IDS.ConnectionRegistry, SERVICE_IDS.ConnectionTerminator, SERVICE_IDS.Clock, SERVICE_IDS.RuntimeConfig, { serviceIdentifier: SERVICE_IDS.UserSocketsTerminator, optional: true }],
    )
    .inSingletonScope();
  bind(SERVICE_IDS.RegisterConnection)
    .toResolvedValue((registry, clock) => new RegisterConnection(registry, clock), [SERVICE_IDS.ConnectionRegistry, SERVICE_IDS.Clock])
    .inSingletonScope();
  bind(SERVICE_IDS.UnregisterConnection)
    .toResolvedValue((registry) => new UnregisterConnection(registry), [SERVICE_IDS.ConnectionRegistry])
    .inSingletonScope();
  bind(SERVICE_IDS.AuthorizeConnection)
    .toResolvedValue((registry, verify, clock) => new AuthorizeConnection(registry, verify, clock), [SERVICE_IDS.ConnectionRegistry, SERVICE_IDS.VerifyAccessToken, SERVICE_IDS.Clock])
    .inSingletonScope();
  // Built per auth mode: in connect mode nothing here verifies a token, so ws-message needs no signing key.
  bind(SERVICE_IDS.RouteMessage)
    .toDynamicValue((context) => {
      const config = context.get(SERVICE_IDS.RuntimeConfig);
      return new RouteMessage({
        notifier: context.get(SERVICE_IDS.ConnectionNotifier),
        registry: context.get(SERVICE_IDS.ConnectionRegistry),
        clock: context.get(SERVICE_IDS.Clock),
        authorization: config.websocketAuthMode === 'connect' ? { mode: 'connect' } : { mode: 'action', authorizeConnection: context.get(SERVICE_IDS.AuthorizeConnection) },
        testMessage: TEST_ACTION_MESSAGE,
      });
    })
    .inSingletonScope();
  bind(SERVICE_IDS.DeliverToConnection)
    .toResolvedValue((notifier, registry) => new DeliverToConnection(notifier, registry), [SERVICE_IDS.ConnectionNotifier, SERVICE_IDS.ConnectionRegistry])
    .inSingletonScope();
  bind(SERVICE_IDS.FanOutToUser)
    .toResolvedValue(
      (registry: ConnectionRegistry, deliver: DeliverToConnection, queue: NotificationQueue, clock: Clock, config: RuntimeConfig, publisher: UserEventPublisher | undefined) =>
        new FanOutToUser({ registry, deliver, queue, clock, settings: config.fanOut, publisher: config.pusherBridge.enabled ? publisher : undefined }),
      [SERVICE_IDS.ConnectionRegistry, SERVICE_IDS.DeliverToConnection, SERVICE_IDS.NotificationQueue, SERVICE_IDS.Clock, SERVICE_IDS.RuntimeConfig, { serviceIdentifier: SERVICE_IDS.UserEventPublisher, optional: true }],
    )
    .inSingletonScope();
  bind(SERVICE_IDS.ReceiveWebhook)
    .toResolvedValue((verifier, sink, clock, replays) => new ReceiveWebhook(verifier, sink, clock, replays), [SERVICE_IDS.WebhookVerifier, SERVICE_IDS.WebhookEventSink, SERVICE_IDS.Clock, SERVICE_IDS.ReplayGuard])
    .inSingletonScope();
});
