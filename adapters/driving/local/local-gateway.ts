import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectionRegistry } from '../../../domain/connections/connection-registry.port.ts';
import { buildAllHandlers } from '../../composition/handler-table.ts';
import { createLocalContainer, type LocalStorage } from '../../composition/local-container.ts';
import { parseRuntimeConfig, type RuntimeConfig } from '../../composition/runtime-config.ts';
import { SERVICE_IDS } from '../../composition/service-ids.ts';
import { UserFacingError } from './cli.ts';
import { consoleObservability } from './console-observability.ts';
import { writeJson } from './http-event-emulator.ts';
import { LOCAL_TABLES, startLocalDynamoDb } from './local-dynamodb.ts';
import { makeDemoTokenMinter } from './demo-token.ts';
import { LocalAccessPolicy } from './local-access-policy.ts';
import { localEnvironment } from './local-environment.ts';
import { LocalQueue } from './local-queue.ts';
import { localRoutes } from './local-routes.ts';
import { CHANNELS_MESSAGE_ROUTES, CHANNELS_ROUTE_SELECTION_FIELD, ROUTE_SELECTION_FIELD } from '../../../manifest/websocket-routes.ts';
import { MESSAGE_ACTIONS } from '../../../domain/messaging/actions.ts';
import { LocalAsyncInvoker } from './local-async-invoker.ts';
import { WebSocketConnections } from './websocket-connections.ts';
import { WebSocketGateway } from './websocket-gateway.ts';

export interface LocalGatewayOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Overrides on top of the local defaults (`LOCAL_DEFAULTS`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly quiet?: boolean;
  readonly idleTimeoutMs?: number;
  readonly hardTimeoutMs?: number;
  readonly queueVisibilityTimeoutMs?: number;
  readonly queueMaxReceiveCount?: number;
  /** Keep connections and refresh tokens in DynamoDB (dynalite) in this folder, across restarts. */
  readonly dynamodbFolder?: string;
}

export interface LocalGateway {
  readonly url: string;
  readonly websocketUrl: string;
  readonly port: number;
  readonly config: RuntimeConfig;
  readonly registry: ConnectionRegistry;
  /** ChannelFanOut carries large channels' deliveries to the queue-channel-fan-out worker; it has no front door. */
  readonly queues: { readonly NotifyUser: LocalQueue; readonly NotifyConnection: LocalQueue; readonly ChannelFanOut: LocalQueue; readonly AppWebhooks: LocalQueue };
  close(): Promise<void>;
}

/**
 * Everything on one port: the HTTP API, the WebSocket API, the Management API, the queues and the
 * Pusher protocol, over the same handlers as Lambda. Built in order: storage, the port, the
 * emulated AWS transports, the object graph over them, the handlers, then the routes.
 */
export async function startLocalGateway(options: LocalGatewayOptions = {}): Promise<LocalGateway> {
  const defaults = localEnvironment({ ...options.env, ...(options.dynamodbFolder === undefined ? {} : LOCAL_TABLES) });
  // A bad setting fails here, before a port or a data folder is taken.
  parseRuntimeConfig(defaults);
  const localDynamoDb = options.dynamodbFolder === undefined ? undefined : await startLocalDynamoDb(options.dynamodbFolder);
  const storage: LocalStorage = localDynamoDb === undefined ? { kind: 'memory' } : { kind: 'dynamodb', clientConfig: localDynamoDb.clientConfig };
  const host = options.host ?? '127.0.0.1';

  // Listening first, so the Pusher bridge can be pointed at this very port. Nothing is served
  // until the routes are attached below, and everything from here to there is synchronous.
  const server = createServer();
  const port = await listen(server, options.port ?? Number(defaults['PORT']), host).catch(async (error: unknown) => {
    await localDynamoDb?.close();
    throw error;
  });
  const url = `http://${host}:${port}`;
  const config = parseRuntimeConfig({ ...defaults, PUSHER_HOST: host, PUSHER_PORT: String(port), PUSHER_USE_TLS: 'false' });
  const observability = consoleObservability(options.quiet ?? false);
  const onError = (error: unknown, where: string) => observability.logger.error(`unexpected error in ${where}`, { error: error instanceof Error ? error.stack : String(error) });

  const connections = new WebSocketConnections();
  const channelConnections = new WebSocketConnections();
  const handshakeInvoker = new LocalAsyncInvoker(onError);
  const queueOptions = { visibilityTimeoutMs: options.queueVisibilityTimeoutMs ?? 5_000, maxReceiveCount: options.queueMaxReceiveCount ?? 5 };
  const queues = {
    NotifyUser: new LocalQueue({ name: 'NotifyUser', ...queueOptions }),
    NotifyConnection: new LocalQueue({ name: 'NotifyConnection', ...queueOptions }),
    ChannelFanOut: new LocalQueue({ name: 'ChannelFanOut', ...queueOptions }),
    AppWebhooks: new LocalQueue({ name: 'AppWebhooks', ...queueOptions }),
  };
  const channelFanOutQueue = queues.ChannelFanOut;
  const { container, registryRows } = createLocalContainer(config, { notifier: connections, notifyConnectionQueue: queues.NotifyConnection, channelConnections, handshakeInvoker, channelFanOutQueue, appWebhookQueue: queues.AppWebhooks }, storage);
  const handlers = buildAllHandlers({ services: container, observability });

  queues.NotifyUser.consume(handlers['queue-notify-user']);
  queues.NotifyConnection.consume(handlers['queue-notify-connection']);
  channelFanOutQueue.consume(handlers['queue-channel-fan-out']);
  handshakeInvoker.runs(handlers['channels-handshake']);
  queues.AppWebhooks.consume(handlers['queue-app-webhooks']);
  const timeouts = { ...optional('idleTimeoutMs', options.idleTimeoutMs), ...optional('hardTimeoutMs', options.hardTimeoutMs) };
  const websocketApi = new WebSocketGateway(
    { authorize: config.websocketAuthMode === 'connect' ? handlers['ws-authorizer'] : undefined, connect: handlers['ws-connect'], disconnect: handlers['ws-disconnect'], message: handlers['ws-message'] },
    connections,
    { stage: 'local', routeSelection: { field: ROUTE_SELECTION_FIELD, routeKeys: MESSAGE_ACTIONS, routeResponses: false }, onError, ...timeouts },
  );
  // The Pusher protocol: the channels API, over the same functions a deployment runs.
  const channelsApi = new WebSocketGateway(
    { connect: handlers['channels-connect'], disconnect: handlers['channels-disconnect'], message: handlers['channels-message'] },
    channelConnections,
    { stage: 'local', routeSelection: { field: CHANNELS_ROUTE_SELECTION_FIELD, routeKeys: CHANNELS_MESSAGE_ROUTES, routeResponses: true }, onError, ...timeouts },
  );
  const routes = localRoutes({
    httpFunctions: handlers,
    connections,
    websocketApi,
    channelsApi,
    localEndpoints: { queues, liveSockets: () => connections.size, registryRows, mintDemoToken: makeDemoTokenMinter(container.get(SERVICE_IDS.IssueToken), config.pusher) },
    access: LocalAccessPolicy.fromEnvironment(defaults, port, host),
    demo: { key: config.pusher.key },
    describeEndpoints: () => ({
      pushgate: 'local',
      http: { token: `${url}/token`, pusherAuth: `${url}/pusher/auth`, pusherUserAuth: `${url}/pusher/user-auth`, pusherWebhook: `${url}/pusher/webhook` },
      websocket: `ws://${host}:${port}/?token=<access token>`,
      pusherChannels: { websocket: `ws://${host}:${port}/app/${config.pusher.key}`, httpApi: `${url}/apps/${config.pusher.appId}/events`, sdk: { appId: config.pusher.appId, key: config.pusher.key, host, port, useTLS: false } },
      storage: localDynamoDb === undefined ? 'in memory' : `DynamoDB (dynalite) in ${options.dynamodbFolder}`,
      managementApi: `${url}/@connections/{connectionId}`,
      queues: { NotifyUser: `${url}/local/queues/NotifyUser`, NotifyConnection: `${url}/local/queues/NotifyConnection`, status: `${url}/local/queues` },
      stats: `${url}/local/stats`,
    }),
  });
  server.on('request', (request, response) => {
    routes.handleRequest(request, response).catch((error: unknown) => {
      onError(error, `${request.method} ${request.url?.split('?')[0]}`);
      if (!response.headersSent) writeJson(response, 500, { message: 'Internal Server Error' });
    });
  });
  server.on('upgrade', (request, socket, head) => {
    routes.handleUpgrade(request, socket, head).catch((error: unknown) => onError(error, 'upgrade'));
  });

  return {
    url,
    websocketUrl: `ws://${host}:${port}/`,
    port,
    config,
    registry: container.get(SERVICE_IDS.ConnectionRegistry),
    queues,
    close: async () => {
      await Promise.all([websocketApi.closeAll(), channelsApi.closeAll()]);
      await Promise.all([queues.NotifyUser.stop(), queues.NotifyConnection.stop(), channelFanOutQueue.stop(), queues.AppWebhooks.stop()]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await localDynamoDb?.close();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new UserFacingError(`port ${port} on ${host} is taken by another program; pick another, e.g. PORT=${port + 1} npm start`));
      else if (error.code === 'EACCES') reject(new UserFacingError(`port ${port} on ${host} needs privileges this user lacks; pick another, e.g. PORT=4000 npm start`));
      else reject(error);
    };
    server.once('error', refuse);
    server.listen(port, host, () => {
      server.off('error', refuse);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
