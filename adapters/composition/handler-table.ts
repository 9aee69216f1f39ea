import type { ServiceIdentifier } from 'inversify';
import { makeHttpPusherApiHandler } from '../driving/lambda/http-pusher-api.ts';
import { makeHttpPusherAuthHandler } from '../driving/lambda/http-pusher-auth.ts';
import { makeHttpPusherUserAuthHandler } from '../driving/lambda/http-pusher-user-auth.ts';
import { makeHttpPusherWebhookHandler } from '../driving/lambda/http-pusher-webhook.ts';
import { makeHttpTokenHandler } from '../driving/lambda/http-token.ts';
import { instrumented, type Observability } from '../driving/lambda/observability.ts';
import { makeQueueAppWebhooksHandler } from '../driving/lambda/queue-app-webhooks.ts';
import { makeQueueChannelFanOutHandler } from '../driving/lambda/queue-channel-fan-out.ts';
import { makeQueueNotifyConnectionHandler } from '../driving/lambda/queue-notify-connection.ts';
import { makeQueueNotifyUserHandler } from '../driving/lambda/queue-notify-user.ts';
import { makeWsAuthorizerHandler } from '../driving/lambda/ws-authorizer.ts';
import { makeWsConnectHandler } from '../driving/lambda/ws-connect.ts';
import { makeWsDisconnectHandler } from '../driving/lambda/ws-disconnect.ts';
import { makeWsMessageHandler } from '../driving/lambda/ws-message.ts';
import { makeChannelsConnectHandler } from '../driving/lambda/channels-connect.ts';
import { makeChannelsDisconnectHandler } from '../driving/lambda/channels-disconnect.ts';
import { makeChannelsHandshakeHandler } from '../driving/lambda/channels-handshake.ts';
import { makeChannelsMessageHandler } from '../driving/lambda/channels-message.ts';
import type { FunctionName } from '../../manifest/functions.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** What a handler is built from: a composed object graph, and how the function logs and counts. */
export interface HandlerContext {
  readonly services: { get<T>(serviceId: ServiceIdentifier<T>): T };
  readonly observability: Observability;
}

// One builder per Lambda function, each a separate export so a bundle keeps only its own
// (esbuild drops the others). The Lambda entrypoints, local mode, the tests and the benches
// all build their handlers here; each handler tags its log lines with the request id.

export const buildWsAuthorizerHandler = ({ services, observability }: HandlerContext) =>
  instrumented(observability, makeWsAuthorizerHandler({ verifyAccessToken: services.get(SERVICE_IDS.VerifyAccessToken), ...observability }));

export const buildWsConnectHandler = ({ services, observability }: HandlerContext) =>
  instrumented(observability, makeWsConnectHandler({ registerConnection: services.get(SERVICE_IDS.RegisterConnection), ...observability }));

export const buildWsDisconnectHandler = ({ services, observability }: HandlerContext) =>
  instrumented(observability, makeWsDisconnectHandler({ unregisterConnection: services.get(SERVICE_IDS.UnregisterConnection), ...observability }));

export const buildWsMessageHandler = ({ services, observability }: HandlerContext) =>
  instrumented(observability, makeWsMessageHandler({ routeMessage: services.get(SERVICE_IDS.RouteMessage), ...observability }));

export const buildHttpTokenHandler = ({ services, observability }: HandlerContext) =>
  instrumented(observability, makeHttpTokenHandler({ issueToken: services.get(SERVICE_IDS.IssueToken), revokeToken: services.get(SERVICE_IDS.RevokeToken), ...observability }));

export const buildHttpPusherAuthHandler = ({ services, observability }: HandlerContext) =>
  instrumented(observability, makeHttpPusherAuthHandler({ authorizeChannel: services.get(SERVICE_IDS.AuthorizeChannel), ...observability }));

export const buildHttpPusherUserAuthHandler = ({ services, observability }: HandlerContext) =>
  instrumented(observability, makeHttpPusherUserAuthHandler({ authenticateUser: services.get(SERVICE_IDS.AuthenticateUser), ...observability }));

export const buildHttpPusherWebhookHandler = ({ services, observability }: HandlerContext) =>
  instrumented(observability, makeHttpPusherWebhookHandler({ receiveWebhook: services.get(SERVICE_IDS.ReceiveWebhook), ...observability }));

export const buildQueueNotifyUserHandler = ({ services, observability }: HandlerContext) =>
  instrumented(observability, makeQueueNotifyUserHandler({ fanOutToUser: services.get(SERVICE_IDS.FanOutToUser), ...observability }));

export const buildQueueNotifyConnectionHandler = ({ services, observability }: HandlerContext) =>
  instrumented(
    observability,
    makeQueueNotifyConnectionHandler({
      deliverToConnection: services.get(SERVICE_IDS.DeliverToConnection),
      concurrency: services.get(SERVICE_IDS.RuntimeConfig).fanOut.concurrency,
      ...observability,
    }),
  );

export const buildChannelsConnectHandler = ({ services, observability }: HandlerContext) =>
  instrumented(observability, makeChannelsConnectHandler({ appKey: services.get(SERVICE_IDS.RuntimeConfig).pusher.key, handshake: services.get(SERVICE_IDS.HandshakeInvoker), ...observability }));

export const buildChannelsHandshakeHandler = ({ services, observability }: HandlerContext) =>
  instrumented(
    observability,
    makeChannelsHandshakeHandler({ delivery: services.get(SERVICE_IDS.RealtimeDelivery), closer: services.get(SERVICE_IDS.SocketCloser), activityTimeoutSeconds: services.get(SERVICE_IDS.RuntimeConfig).realtime.activityTimeoutSeconds, ...observability }),
  );

export const buildChannelsMessageHandler = ({ services, observability }: HandlerContext) =>
  instrumented(
    observability,
    makeChannelsMessageHandler({
      subscribe: services.get(SERVICE_IDS.SubscribeToChannel),
      leave: services.get(SERVICE_IDS.LeaveChannels),
      signIn: services.get(SERVICE_IDS.SignInUser),
      clientEvent: services.get(SERVICE_IDS.SendClientEvent),
      delivery: services.get(SERVICE_IDS.RealtimeDelivery),
      ...observability,
    }),
  );

export const buildChannelsDisconnectHandler = ({ services, observability }: HandlerContext) =>
  instrumented(observability, makeChannelsDisconnectHandler({ leave: services.get(SERVICE_IDS.LeaveChannels), ...observability }));

export const buildQueueChannelFanOutHandler = ({ services, observability }: HandlerContext) =>
  instrumented(observability, makeQueueChannelFanOutHandler({ channelFanOut: services.get(SERVICE_IDS.ChannelFanOut), ...observability }));

export const buildHttpPusherApiHandler = ({ services, observability }: HandlerContext) => {
  const { appId, key, secret } = services.get(SERVICE_IDS.RuntimeConfig).pusher;
  return instrumented(
    observability,
    makeHttpPusherApiHandler({
      appId,
      key,
      secret,
      publish: services.get(SERVICE_IDS.PublishEvent),
      registry: services.get(SERVICE_IDS.SubscriptionRegistry),
      terminateUserSockets: services.get(SERVICE_IDS.TerminateUserSockets),
      clock: services.get(SERVICE_IDS.Clock),
      ...observability,
    }),
  );
};

export const buildQueueAppWebhooksHandler = ({ services, observability }: HandlerContext) =>
  instrumented(observability, makeQueueAppWebhooksHandler({ sendAppWebhooks: services.get(SERVICE_IDS.SendAppWebhooks), ...observability }));

/** Every function's builder by its name (the name of its `<name>.handler.ts`), for hosts that run them all. */
export const HANDLER_TABLE = {
  'ws-authorizer': buildWsAuthorizerHandler,
  'ws-connect': buildWsConnectHandler,
  'ws-disconnect': buildWsDisconnectHandler,
  'ws-message': buildWsMessageHandler,
  'http-token': buildHttpTokenHandler,
  'http-pusher-auth': buildHttpPusherAuthHandler,
  'http-pusher-user-auth': buildHttpPusherUserAuthHandler,
  'http-pusher-webhook': buildHttpPusherWebhookHandler,
  'queue-notify-user': buildQueueNotifyUserHandler,
  'queue-notify-connection': buildQueueNotifyConnectionHandler,
  'channels-connect': buildChannelsConnectHandler,
  'channels-handshake': buildChannelsHandshakeHandler,
  'channels-message': buildChannelsMessageHandler,
  'channels-disconnect': buildChannelsDisconnectHandler,
  'queue-channel-fan-out': buildQueueChannelFanOutHandler,
  'http-pusher-api': buildHttpPusherApiHandler,
  'queue-app-webhooks': buildQueueAppWebhooksHandler,
} as const satisfies Record<FunctionName, (context: HandlerContext) => unknown>;

export type FunctionHandlers = { readonly [Name in FunctionName]: ReturnType<(typeof HANDLER_TABLE)[Name]> };

/** Every handler over one object graph: local mode, and tests that drive the whole system. */
export function buildAllHandlers(context: HandlerContext): FunctionHandlers {
  const entries = Object.entries(HANDLER_TABLE).map(([name, build]) => [name, build(context)]);
  return Object.fromEntries(entries) as FunctionHandlers;
}
