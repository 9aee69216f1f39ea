import type { ServiceIdentifier } from 'inversify';
import type { AuthenticateUser } from '../../domain/channels/authenticate-user.use-case.ts';
import type { AuthorizeChannel } from '../../domain/channels/authorize-channel.use-case.ts';
import type { AuthorizeConnection } from '../../domain/connections/authorize-connection.use-case.ts';
import type { ConnectionRegistry } from '../../domain/connections/connection-registry.port.ts';
import type { ConnectionTerminator } from '../../domain/connections/connection-terminator.port.ts';
import type { RegisterConnection } from '../../domain/connections/register-connection.use-case.ts';
import type { UnregisterConnection } from '../../domain/connections/unregister-connection.use-case.ts';
import type { RouteMessage } from '../../domain/messaging/route-message.use-case.ts';
import type { ConnectionNotifier } from '../../domain/notifications/connection-notifier.port.ts';
import type { DeliverToConnection } from '../../domain/notifications/deliver-to-connection.use-case.ts';
import type { FanOutToUser } from '../../domain/notifications/fan-out-to-user.use-case.ts';
import type { NotificationQueue } from '../../domain/notifications/notification-queue.port.ts';
import type { UserEventPublisher } from '../../domain/notifications/user-event-publisher.port.ts';
import type { Clock } from '../../domain/shared/clock.port.ts';
import type { IdGenerator } from '../../domain/shared/id-generator.port.ts';
import type { IssueToken } from '../../domain/tokens/issue-token.use-case.ts';
import type { RefreshTokenStore } from '../../domain/tokens/refresh-token-store.port.ts';
import type { RevokeToken } from '../../domain/tokens/revoke-token.use-case.ts';
import type { TokenCodec } from '../../domain/tokens/token-codec.port.ts';
import type { VerifyAccessToken } from '../../domain/tokens/verify-access-token.use-case.ts';
import type { ReceiveWebhook } from '../../domain/webhooks/receive-webhook.use-case.ts';
import type { ReplayGuard } from '../../domain/webhooks/replay-guard.port.ts';
import type { WebhookEventSink } from '../../domain/webhooks/webhook-event-sink.port.ts';
import type { WebhookVerifier } from '../../domain/webhooks/webhook-verifier.port.ts';
import type { ChannelDeliveryQueue } from '../../domain/realtime/channel-delivery-queue.port.ts';
import type { ChannelFanOut } from '../../domain/realtime/channel-fan-out.ts';
import type { SocketCloser } from '../../domain/realtime/socket-closer.port.ts';
import type { TerminateUserSockets } from '../../domain/realtime/terminate-user-sockets.use-case.ts';
import type { LeaveChannels } from '../../domain/realtime/leave-channels.use-case.ts';
import type { PublishEvent } from '../../domain/realtime/publish-event.use-case.ts';
import type { RealtimeDelivery } from '../../domain/realtime/realtime-delivery.port.ts';
import type { SendClientEvent } from '../../domain/realtime/send-client-event.use-case.ts';
import type { SignInUser } from '../../domain/realtime/sign-in-user.use-case.ts';
import type { SubscribeToChannel } from '../../domain/realtime/subscribe-to-channel.use-case.ts';
import type { SubscriptionRegistry } from '../../domain/realtime/subscription-registry.port.ts';
import type { UserSocketsTerminator } from '../../domain/realtime/user-sockets-terminator.port.ts';
import type { HandshakeInvoker } from '../../domain/realtime/handshake-invoker.port.ts';
import type { AppWebhookSender } from '../../domain/webhooks/app-webhook-sender.port.ts';
import type { SendAppWebhooks } from '../../domain/webhooks/send-app-webhooks.use-case.ts';
import type { WebhookAnnouncements } from '../../domain/webhooks/webhook-announcements.port.ts';
import type { WebhookSignals } from '../../domain/webhooks/webhook-signals.port.ts';
import type { RuntimeConfig } from './runtime-config.ts';

function token<T>(name: string): ServiceIdentifier<T> {
  return Symbol.for(`pushgate.${name}`) as ServiceIdentifier<T>;
}

/** Every service identifier, typed; the only names the container knows things by. */
export const SERVICE_IDS = {
  RuntimeConfig: token<RuntimeConfig>('RuntimeConfig'),
  Clock: token<Clock>('Clock'),
  IdGenerator: token<IdGenerator>('IdGenerator'),
  TokenCodec: token<TokenCodec>('TokenCodec'),
  RefreshTokenStore: token<RefreshTokenStore>('RefreshTokenStore'),
  ConnectionRegistry: token<ConnectionRegistry>('ConnectionRegistry'),
  ConnectionNotifier: token<ConnectionNotifier>('ConnectionNotifier'),
  ConnectionTerminator: token<ConnectionTerminator>('ConnectionTerminator'),
  UserSocketsTerminator: token<UserSocketsTerminator>('UserSocketsTerminator'),
  NotificationQueue: token<NotificationQueue>('NotificationQueue'),
  UserEventPublisher: token<UserEventPublisher>('UserEventPublisher'),
  WebhookVerifier: token<WebhookVerifier>('WebhookVerifier'),
  WebhookEventSink: token<WebhookEventSink>('WebhookEventSink'),
  ReplayGuard: token<ReplayGuard>('ReplayGuard'),
  VerifyAccessToken: token<VerifyAccessToken>('VerifyAccessToken'),
  IssueToken: token<IssueToken>('IssueToken'),
  RevokeToken: token<RevokeToken>('RevokeToken'),
  AuthorizeChannel: token<AuthorizeChannel>('AuthorizeChannel'),
  AuthenticateUser: token<AuthenticateUser>('AuthenticateUser'),
  RegisterConnection: token<RegisterConnection>('RegisterConnection'),
  UnregisterConnection: token<UnregisterConnection>('UnregisterConnection'),
  AuthorizeConnection: token<AuthorizeConnection>('AuthorizeConnection'),
  RouteMessage: token<RouteMessage>('RouteMessage'),
  DeliverToConnection: token<DeliverToConnection>('DeliverToConnection'),
  FanOutToUser: token<FanOutToUser>('FanOutToUser'),
  ReceiveWebhook: token<ReceiveWebhook>('ReceiveWebhook'),
  SubscriptionRegistry: token<SubscriptionRegistry>('SubscriptionRegistry'),
  RealtimeDelivery: token<RealtimeDelivery>('RealtimeDelivery'),
  SocketCloser: token<SocketCloser>('SocketCloser'),
  ChannelDeliveryQueue: token<ChannelDeliveryQueue>('ChannelDeliveryQueue'),
  ChannelFanOut: token<ChannelFanOut>('ChannelFanOut'),
  TerminateUserSockets: token<TerminateUserSockets>('TerminateUserSockets'),
  HandshakeInvoker: token<HandshakeInvoker>('HandshakeInvoker'),
  /** The registry the realtime use cases change: the stored one, signalling the webhook worker when webhooks are on. */
  RealtimeRegistry: token<SubscriptionRegistry>('RealtimeRegistry'),
  WebhookSignals: token<WebhookSignals>('WebhookSignals'),
  WebhookAnnouncements: token<WebhookAnnouncements>('WebhookAnnouncements'),
  AppWebhookSender: token<AppWebhookSender>('AppWebhookSender'),
  SendAppWebhooks: token<SendAppWebhooks>('SendAppWebhooks'),
  SubscribeToChannel: token<SubscribeToChannel>('SubscribeToChannel'),
  LeaveChannels: token<LeaveChannels>('LeaveChannels'),
  SignInUser: token<SignInUser>('SignInUser'),
  PublishEvent: token<PublishEvent>('PublishEvent'),
  SendClientEvent: token<SendClientEvent>('SendClientEvent'),
} as const;
