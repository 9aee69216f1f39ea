import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createInMemoryContainer } from '../../composition/in-memory-container.ts';
import { parseRuntimeConfig, type RuntimeConfig } from '../../composition/runtime-config.ts';
import { SERVICE_IDS } from '../../composition/service-ids.ts';
import type { ConnectionRegistry } from '../../../domain/connections/connection-registry.port.ts';
import { assertQueueBatchSize, type NotificationQueue } from '../../../domain/notifications/notification-queue.port.ts';
import { makeHttpPusherAuthHandler } from '../lambda/http-pusher-auth.ts';
import { makeHttpPusherUserAuthHandler } from '../lambda/http-pusher-user-auth.ts';
import { makeHttpPusherWebhookHandler } from '../lambda/http-pusher-webhook.ts';
import { makeHttpTokenHandler } from '../lambda/http-token.ts';
import { makeQueueNotifyConnectionHandler } from '../lambda/queue-notify-connection.ts';
import { makeQueueNotifyUserHandler } from '../lambda/queue-notify-user.ts';
import { makeWsAuthorizerHandler } from '../lambda/ws-authorizer.ts';
import { makeWsConnectHandler } from '../lambda/ws-connect.ts';
import { makeWsDisconnectHandler } from '../lambda/ws-disconnect.ts';
import { makeWsMessageHandler } from '../lambda/ws-message.ts';
import { consoleObservability } from './console-observability.ts';
import { BodyTooLargeError, decodePathSegment, parseRequestUrl, readBody, toHttpApiEvent, writeJson, writeResult } from './http-event-emulator.ts';
import { dynamoDbModule } from '../../composition/dynamodb.module.ts';
import { LOCAL_TABLES, startLocalDynamoDb } from './local-dynamodb.ts';
import { localEnvironment } from './local-environment.ts';
import { LocalQueue } from './local-queue.ts';
import { handleLocalEndpoint } from './local-endpoints.ts';
import { handleManagementApi, isManagementApiPath } from './management-api.ts';
import { WebSocketGateway } from './websocket-gateway.ts';
import { writeDemoPage, writePusherJs } from './demo-page.ts';
import { PusherChannelsServer } from './pusher/pusher-channels-server.ts';
import { handlePusherHttpApi, isPusherHttpApiPath } from './pusher/pusher-http-api.ts';
import { PusherUserEventPublisher } from '../../driven/pusher/pusher-user-event-publisher.ts';
import { createPusherClient } from '../../composition/pusher.module.ts';

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
  readonly pusherActivityTimeoutSeconds?: number;
  readonly pusherPongTimeoutSeconds?: number;
}

export interface LocalGateway {
  readonly url: string;
  readonly websocketUrl: string;
  readonly port: number;
  readonly config: RuntimeConfig;
  readonly registry: ConnectionRegistry;
  readonly queues: { readonly NotifyUser: LocalQueue; readonly NotifyConnection: LocalQueue };
  readonly websockets: WebSocketGateway;
  close(): Promise<void>;
}

type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-max-age': '600',
};

/** Everything on one port: the HTTP API, the WebSocket API, the Management API and the queues. */
export async function startLocalGateway(options: LocalGatewayOptions = {}): Promise<LocalGateway> {
  const localDynamoDb = options.dynamodbFolder === undefined ? undefined : await startLocalDynamoDb(options.dynamodbFolder);
  const env = localEnvironment({ ...options.env, ...(localDynamoDb === undefined ? {} : LOCAL_TABLES) });
  const config = parseRuntimeConfig(env);
  const observability = consoleObservability(options.quiet ?? false);
  const onError = (error: unknown, where: string) => observability.logger.error(`unexpected error in ${where}`, { error: error instanceof Error ? error.stack : String(error) });

  // Queues and sockets are created before the container, which takes them as its ports' adapters.
  let websockets: WebSocketGateway | undefined;
  const queueOptions = { visibilityTimeoutMs: options.queueVisibilityTimeoutMs ?? 5_000, maxReceiveCount: options.queueMaxReceiveCount ?? 5 };
  type QueueHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;
  let notifyUserHandler: QueueHandler | undefined;
  let notifyConnectionHandler: QueueHandler | undefined;
  const queues = {
    NotifyUser: new LocalQueue({ name: 'NotifyUser', ...queueOptions, handler: (event) => notifyUserHandler!(event) }),
    NotifyConnection: new LocalQueue({ name: 'NotifyConnection', ...queueOptions, handler: (event) => notifyConnectionHandler!(event) }),
  };
  const notificationQueue: NotificationQueue = {
    enqueue: async (batch) => {
      assertQueueBatchSize(batch);
      for (const message of batch) queues.NotifyConnection.send(JSON.stringify({ connectionId: message.connectionId, data: message.data }));
    },
  };
  // The Pusher bridge posts to this process's own Pusher HTTP API, whose port is known once listening.
  let bridge: PusherUserEventPublisher | undefined;
  let channelsServer: PusherChannelsServer | undefined;
  const container = createInMemoryContainer(
    config,
    {
      notifier: { send: async (connectionId, payload) => websockets?.send(connectionId, payload) ?? 'gone' },
      queue: notificationQueue,
      externalStores: localDynamoDb !== undefined,
      publisher: { publishToUser: async (userId, data) => bridge?.publishToUser(userId, data) },
      realtimeDelivery: { deliver: (socketId, message) => channelsServer?.deliver(socketId, message) },
    },
    ...(localDynamoDb === undefined ? [] : [dynamoDbModule(config, localDynamoDb.clientConfig)]),
  );
  const get = container.get.bind(container);

  notifyUserHandler = makeQueueNotifyUserHandler({ fanOutToUser: get(SERVICE_IDS.FanOutToUser), ...observability });
  notifyConnectionHandler = makeQueueNotifyConnectionHandler({ deliverToConnection: get(SERVICE_IDS.DeliverToConnection), concurrency: config.fanOut.concurrency, ...observability });
  const httpRoutes: Record<string, HttpHandler> = {
    'POST /token': makeHttpTokenHandler({ issueToken: get(SERVICE_IDS.IssueToken), ...observability }),
    'POST /pusher/auth': makeHttpPusherAuthHandler({ authorizeChannel: get(SERVICE_IDS.AuthorizeChannel), ...observability }),
    'POST /pusher/user-auth': makeHttpPusherUserAuthHandler({ authenticateUser: get(SERVICE_IDS.AuthenticateUser), ...observability }),
    'POST /pusher/webhook': makeHttpPusherWebhookHandler({ receiveWebhook: get(SERVICE_IDS.ReceiveWebhook), ...observability }),
  };
  httpRoutes['GET /pusher/auth'] = httpRoutes['POST /pusher/auth']!;

  websockets = new WebSocketGateway(
    {
      authMode: config.websocketAuthMode,
      authorize: makeWsAuthorizerHandler({ verifyAccessToken: get(SERVICE_IDS.VerifyAccessToken), ...observability }),
      connect: makeWsConnectHandler({ registerConnection: get(SERVICE_IDS.RegisterConnection), ...observability }),
      disconnect: makeWsDisconnectHandler({ unregisterConnection: get(SERVICE_IDS.UnregisterConnection), ...observability }),
      message: makeWsMessageHandler({ routeMessage: get(SERVICE_IDS.RouteMessage), ...observability }),
    },
    { stage: 'local', onError, ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }), ...(options.hardTimeoutMs === undefined ? {} : { hardTimeoutMs: options.hardTimeoutMs }) },
  );
  const gateway = websockets;
  const pusherChannels = new PusherChannelsServer(
    { subscribe: get(SERVICE_IDS.SubscribeToChannel), leave: get(SERVICE_IDS.LeaveChannels), signIn: get(SERVICE_IDS.SignInUser), clientEvent: get(SERVICE_IDS.SendClientEvent) },
    { appKey: config.pusher.key, onError, ...(options.pusherActivityTimeoutSeconds === undefined ? {} : { activityTimeoutSeconds: options.pusherActivityTimeoutSeconds }), ...(options.pusherPongTimeoutSeconds === undefined ? {} : { pongTimeoutSeconds: options.pusherPongTimeoutSeconds }) },
  );
  channelsServer = pusherChannels;
  const pusherHttpApi = {
    appId: config.pusher.appId,
    key: config.pusher.key,
    secret: config.pusher.secret,
    publish: get(SERVICE_IDS.PublishEvent),
    registry: get(SERVICE_IDS.SubscriptionRegistry),
    terminateUser: (userId: string) => pusherChannels.terminateUser(userId),
  };

  const localEndpoints = {
    queues,
    liveSockets: () => gateway.size,
    registryRows: () => (get(SERVICE_IDS.ConnectionRegistry) as { size?: () => number }).size?.(),
    headers: CORS_HEADERS,
  };

  const server = createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      onError(error, `${request.method} ${request.url?.split('?')[0]}`);
      if (!response.headersSent) writeJson(response, 500, { message: 'Internal Server Error' });
    });
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = parseRequestUrl(request.url);
    if (url === undefined) return writeJson(response, 400, { message: 'the request target is not a valid URL path' }, CORS_HEADERS);
    const pathname = url.pathname;
    const method = request.method ?? 'GET';
    if (method === 'OPTIONS') {
      response.writeHead(204, CORS_HEADERS).end();
      return;
    }
    try {
      if (isManagementApiPath(pathname)) return await handleManagementApi(request, response, pathname, gateway);
      if (isPusherHttpApiPath(pathname)) return await handlePusherHttpApi(request, response, url, pusherHttpApi);
      if (pathname.startsWith('/local/') && (await handleLocalEndpoint(request, response, pathname, localEndpoints))) return;
      if (pathname === '/' && method === 'GET') {
        if ((request.headers.accept ?? '').includes('text/html')) return writeDemoPage(response, { key: config.pusher.key, secret: config.pusher.secret, appId: config.pusher.appId });
        return writeJson(response, 200, describeEndpoints(), CORS_HEADERS);
      }
      if (pathname === '/demo/pusher.min.js' && method === 'GET') return writePusherJs(response);
      const route = httpRoutes[`${method} ${pathname}`];
      if (route === undefined) {
        const known = Object.keys(httpRoutes).some((key) => key.endsWith(` ${pathname}`));
        return writeJson(response, known ? 405 : 404, { message: known ? `${method} is not allowed on ${pathname}` : 'Not Found' }, CORS_HEADERS);
      }
      const body = await readBody(request);
      writeResult(response, await route(toHttpApiEvent(request, body, `${method} ${pathname}`)), CORS_HEADERS);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return writeJson(response, 413, { message: error.message }, CORS_HEADERS);
      throw error;
    }
  }

  server.on('upgrade', (request, socket, head) => {
    const pathname = parseRequestUrl(request.url)?.pathname;
    const encodedAppKey = /^\/app\/([^/]+)$/.exec(pathname ?? '')?.[1];
    if (encodedAppKey !== undefined) {
      const appKey = decodePathSegment(encodedAppKey);
      if (appKey === undefined) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      else pusherChannels.handleUpgrade(request, socket, head, appKey);
      return;
    }
    if (pathname !== '/') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    gateway.handleUpgrade(request, socket, head).catch((error: unknown) => onError(error, 'upgrade'));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? Number(env['PORT']), options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host}:${port}`;
  if (config.pusherBridge.enabled) {
    bridge = new PusherUserEventPublisher(createPusherClient({ ...config, pusherApi: { host, port, useTLS: false } }), config.pusherBridge.eventName);
  }

  function describeEndpoints() {
    return {
      pushgate: 'local',
      http: { token: `${url}/token`, pusherAuth: `${url}/pusher/auth`, pusherUserAuth: `${url}/pusher/user-auth`, pusherWebhook: `${url}/pusher/webhook` },
      websocket: `ws://${host}:${port}/?token=<access token>`,
      pusherChannels: { websocket: `ws://${host}:${port}/app/${config.pusher.key}`, httpApi: `${url}/apps/${config.pusher.appId}/events`, sdk: { appId: config.pusher.appId, key: config.pusher.key, host, port, useTLS: false } },
      storage: localDynamoDb === undefined ? 'in memory' : `DynamoDB (dynalite) in ${options.dynamodbFolder}`,
      managementApi: `${url}/@connections/{connectionId}`,
      queues: { NotifyUser: `${url}/local/queues/NotifyUser`, NotifyConnection: `${url}/local/queues/NotifyConnection`, status: `${url}/local/queues` },
      stats: `${url}/local/stats`,
    };
  }

  return {
    url,
    websocketUrl: `ws://${host}:${port}/`,
    port,
    config,
    registry: get(SERVICE_IDS.ConnectionRegistry),
    queues,
    websockets: gateway,
    close: async () => {
      pusherChannels.closeAll();
      await gateway.closeAll();
      await Promise.all([queues.NotifyUser.stop(), queues.NotifyConnection.stop()]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await localDynamoDb?.close();
    },
  };
}
