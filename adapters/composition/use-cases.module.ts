import { ContainerModule } from 'inversify';
import { AuthenticateUser } from '../../domain/channels/authenticate-user.use-case.ts';
import { AuthorizeChannel } from '../../domain/channels/authorize-channel.use-case.ts';
import { AuthorizeConnection } from '../../domain/connections/authorize-connection.use-case.ts';
import { RegisterConnection } from '../../domain/connections/register-connection.use-case.ts';
import { UnregisterConnection } from '../../domain/connections/unregister-connection.use-case.ts';
import { RouteMessage } from '../../domain/messaging/route-message.use-case.ts';
import { DeliverToConnection } from '../../domain/notifications/deliver-to-connection.use-case.ts';
import { FanOutToUser } from '../../domain/notifications/fan-out-to-user.use-case.ts';
import { IssueToken } from '../../domain/tokens/issue-token.use-case.ts';
import { VerifyAccessToken } from '../../domain/tokens/verify-access-token.use-case.ts';
import { ReceiveWebhook } from '../../domain/webhooks/receive-webhook.use-case.ts';
import type { ConnectionRegistry } from '../../domain/connections/connection-registry.port.ts';
import type { NotificationQueue } from '../../domain/notifications/notification-queue.port.ts';
import type { UserEventPublisher } from '../../domain/notifications/user-event-publisher.port.ts';
import type { Clock } from '../../domain/shared/clock.port.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { TOKENS } from './tokens.ts';

/** Every use case, built from the ports whatever adapters implement them. Decorator-free on purpose. */
export const useCasesModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.VerifyAccessToken).toResolvedValue((codec) => new VerifyAccessToken(codec), [TOKENS.TokenCodec]).inSingletonScope();
  bind(TOKENS.IssueToken)
    .toResolvedValue(
      (codec, store, clock, ids, config) =>
        new IssueToken({ codec, store, clock, ids, policy: config.tokens.policy, trustedClient: { key: config.pusher.key, secret: config.pusher.secret } }),
      [TOKENS.TokenCodec, TOKENS.RefreshTokenStore, TOKENS.Clock, TOKENS.IdGenerator, TOKENS.RuntimeConfig],
    )
    .inSingletonScope();
  bind(TOKENS.AuthorizeChannel)
    .toResolvedValue((verify, config) => new AuthorizeChannel(verify, config.pusher), [TOKENS.VerifyAccessToken, TOKENS.RuntimeConfig])
    .inSingletonScope();
  bind(TOKENS.AuthenticateUser)
    .toResolvedValue((verify, config) => new AuthenticateUser(verify, config.pusher), [TOKENS.VerifyAccessToken, TOKENS.RuntimeConfig])
    .inSingletonScope();
  bind(TOKENS.RegisterConnection)
    .toResolvedValue((registry, clock) => new RegisterConnection(registry, clock), [TOKENS.ConnectionRegistry, TOKENS.Clock])
    .inSingletonScope();
  bind(TOKENS.UnregisterConnection)
    .toResolvedValue((registry) => new UnregisterConnection(registry), [TOKENS.ConnectionRegistry])
    .inSingletonScope();
  bind(TOKENS.AuthorizeConnection)
    .toResolvedValue((registry, verify, clock) => new AuthorizeConnection(registry, verify, clock), [TOKENS.ConnectionRegistry, TOKENS.VerifyAccessToken, TOKENS.Clock])
    .inSingletonScope();
  bind(TOKENS.RouteMessage)
    .toResolvedValue(
      (notifier, registry, authorizeConnection, clock, config) => new RouteMessage({ notifier, registry, authorizeConnection, clock, authMode: config.websocketAuthMode }),
      [TOKENS.ConnectionNotifier, TOKENS.ConnectionRegistry, TOKENS.AuthorizeConnection, TOKENS.Clock, TOKENS.RuntimeConfig],
    )
    .inSingletonScope();
  bind(TOKENS.DeliverToConnection)
    .toResolvedValue((notifier, registry) => new DeliverToConnection(notifier, registry), [TOKENS.ConnectionNotifier, TOKENS.ConnectionRegistry])
    .inSingletonScope();
  bind(TOKENS.FanOutToUser)
    .toResolvedValue(
      (registry: ConnectionRegistry, deliver: DeliverToConnection, queue: NotificationQueue, clock: Clock, config: RuntimeConfig, publisher: UserEventPublisher | undefined) =>
        new FanOutToUser({ registry, deliver, queue, clock, settings: config.fanOut, publisher: config.pusherBridge.enabled ? publisher : undefined }),
      [TOKENS.ConnectionRegistry, TOKENS.DeliverToConnection, TOKENS.NotificationQueue, TOKENS.Clock, TOKENS.RuntimeConfig, { serviceIdentifier: TOKENS.UserEventPublisher, optional: true }],
    )
    .inSingletonScope();
  bind(TOKENS.ReceiveWebhook)
    .toResolvedValue((verifier, sink, clock) => new ReceiveWebhook(verifier, sink, clock), [TOKENS.WebhookVerifier, TOKENS.WebhookEventSink, TOKENS.Clock])
    .inSingletonScope();
});
