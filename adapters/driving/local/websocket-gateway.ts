import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { parseJsonObject } from '../../../domain/shared/json.ts';
import { CONNECT_ROUTE, DEFAULT_ROUTE, DISCONNECT_ROUTE } from '../../../manifest/websocket-routes.ts';
import type { WebSocketEvent, WebSocketResult } from '../lambda/websocket-event.ts';
import { newConnectionId } from './connection-ids.ts';
import { parseRequestUrl } from './http-event-emulator.ts';
import { GOING_AWAY, type LiveConnection, type WebSocketConnections } from './websocket-connections.ts';

/** API Gateway's limits, and the defaults this gateway applies. */
export const WEBSOCKET_LIMITS = {
  maxMessageBytes: 128 * 1024,
  idleTimeoutMs: 10 * 60 * 1000,
  hardTimeoutMs: 2 * 60 * 60 * 1000,
} as const;

export interface WebSocketRoutes {
  /** The REQUEST authorizer on `$connect` (identity source `?token=`), when the API has one. */
  readonly authorize?: ((event: APIGatewayRequestAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>) | undefined;
  readonly connect: (event: WebSocketEvent) => Promise<WebSocketResult>;
  readonly disconnect: (event: WebSocketEvent) => Promise<WebSocketResult>;
  /** Every message route: `routeKey` in the event says which was selected. */
  readonly message: (event: WebSocketEvent) => Promise<WebSocketResult>;
}

/** How an API picks a message's route, and whether its routes answer the sender (API Gateway's route responses). */
export interface RouteSelection {
  /** `$request.body.<field>`. */
  readonly field: string;
  /** The routes besides `$connect`, `$disconnect` and `$default`. */
  readonly routeKeys: readonly string[];
  /** Two-way routes: the integration's answer body goes back to the sender. */
  readonly routeResponses: boolean;
}

export interface WebSocketGatewayOptions {
  readonly stage: string;
  readonly routeSelection: RouteSelection;
  readonly idleTimeoutMs?: number;
  readonly hardTimeoutMs?: number;
  readonly onError?: (error: unknown, where: string) => void;
}

/**
 * An API Gateway WebSocket API in one process: the REQUEST authorizer on connect (when it has one),
 * `$connect`, route selection on a body field, route responses (when on), `$default`,
 * `$disconnect`, the 128 KB limit and both timeouts. Local mode runs two: the WebSocket API
 * (`action`, authorizer) and the channels API (`event`, route responses, no authorizer).
 */
export class WebSocketGateway {
  private readonly routes: WebSocketRoutes;
  private readonly options: WebSocketGatewayOptions;
  private readonly connections: WebSocketConnections;
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: WEBSOCKET_LIMITS.maxMessageBytes });

  constructor(routes: WebSocketRoutes, connections: WebSocketConnections, options: WebSocketGatewayOptions) {
    this.routes = routes;
    this.connections = connections;
    this.options = options;
  }

  /** `query` extends the request's own, as a CloudFront Function in front of the API may. */
  async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, extraQuery: Readonly<Record<string, string>> = {}): Promise<void> {
    const query = { ...Object.fromEntries(parseRequestUrl(request.url)?.searchParams ?? []), ...extraQuery };
    const connectionId = newConnectionId();
    let userId: string | undefined;
    try {
      if (this.routes.authorize !== undefined) {
        // API Gateway answers 401 itself, without calling the authorizer, when the identity source is missing.
        if (query['token'] === undefined || query['token'] === '') return rejectUpgrade(socket, 401, 'Unauthorized');
        const decision = await this.authorize(this.routes.authorize, query, connectionId, request);
        if (decision === 'unauthorized') return rejectUpgrade(socket, 401, 'Unauthorized');
        if (decision === 'forbidden') return rejectUpgrade(socket, 403, 'Forbidden');
        userId = decision.userId;
      }
      const connected = await this.routes.connect(this.event(CONNECT_ROUTE, connectionId, request, { userId, query }));
      if (connected.statusCode < 200 || connected.statusCode > 299) return rejectUpgrade(socket, connected.statusCode, 'Forbidden');
    } catch (error) {
      this.options.onError?.(error, CONNECT_ROUTE);
      return rejectUpgrade(socket, 500, 'Internal server error');
    }
    this.server.handleUpgrade(request, socket, head, (webSocket) => this.accept(webSocket, connectionId, request));
  }

  /** Closes every connection and waits for each `$disconnect` to finish. */
  async closeAll(): Promise<void> {
    await this.connections.closeAll();
    this.server.close();
  }

  private async authorize(
    authorizer: NonNullable<WebSocketRoutes['authorize']>,
    query: Record<string, string>,
    connectionId: string,
    request: IncomingMessage,
  ): Promise<{ userId: string } | 'unauthorized' | 'forbidden'> {
    let result: APIGatewayAuthorizerResult;
    try {
      result = await authorizer(authorizerEvent(query, connectionId, this.options.stage, request));
    } catch {
      return 'unauthorized';
    }
    const allowed = result.policyDocument.Statement.every((statement) => statement.Effect === 'Allow');
    const userId = result.context?.['userId'];
    return allowed && typeof userId === 'string' ? { userId } : 'forbidden';
  }

  private accept(socket: WebSocket, connectionId: string, request: IncomingMessage): void {
    const now = Date.now();
    let markDisconnected: () => void = () => undefined;
    const disconnected = new Promise<void>((resolve) => (markDisconnected = resolve));
    const connection: LiveConnection = {
      socket,
      connectedAt: now,
      lastActiveAt: now,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      userAgent: request.headers['user-agent'] ?? '',
      idleTimer: this.idleTimer(socket),
      hardTimer: setTimeout(() => socket.close(GOING_AWAY, 'Connection lifetime exceeded'), this.options.hardTimeoutMs ?? WEBSOCKET_LIMITS.hardTimeoutMs).unref(),
      disconnected,
    };
    this.connections.add(connectionId, connection);
    socket.on('message', (data, isBinary) => {
      connection.lastActiveAt = Date.now();
      clearTimeout(connection.idleTimer);
      connection.idleTimer = this.idleTimer(socket);
      void this.route(connectionId, request, data, isBinary);
    });
    socket.on('error', (error) => this.options.onError?.(error, 'socket'));
    socket.on('close', () => {
      clearTimeout(connection.idleTimer);
      clearTimeout(connection.hardTimer);
      this.connections.delete(connectionId);
      this.routes
        .disconnect(this.event(DISCONNECT_ROUTE, connectionId, request))
        .catch((error: unknown) => this.options.onError?.(error, DISCONNECT_ROUTE))
        .finally(markDisconnected);
    });
  }

  private idleTimer(socket: WebSocket): NodeJS.Timeout {
    return setTimeout(() => socket.close(GOING_AWAY, 'Idle timeout'), this.options.idleTimeoutMs ?? WEBSOCKET_LIMITS.idleTimeoutMs).unref();
  }

  private async route(connectionId: string, request: IncomingMessage, data: RawData, isBinary: boolean): Promise<void> {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    const body = isBinary ? bytes.toString('base64') : bytes.toString('utf8');
    const routeKey = isBinary ? DEFAULT_ROUTE : selectRoute(body, this.options.routeSelection);
    try {
      const result = await this.routes.message(this.event(routeKey, connectionId, request, { body, isBase64Encoded: isBinary }));
      if (this.options.routeSelection.routeResponses && result.body !== undefined && result.body !== '') this.connections.post(connectionId, result.body);
    } catch (error) {
      this.options.onError?.(error, routeKey);
      // What API Gateway tells a client whose integration failed.
      this.connections.post(connectionId, JSON.stringify({ message: 'Internal server error', connectionId, requestId: `local-${Date.now().toString(36)}` }));
    }
  }

  private event(
    routeKey: string,
    connectionId: string,
    request: IncomingMessage,
    extra: { userId?: string | undefined; body?: string; isBase64Encoded?: boolean; query?: Record<string, string> } = {},
  ): WebSocketEvent {
    const now = Date.now();
    const eventType = routeKey === CONNECT_ROUTE ? 'CONNECT' : routeKey === DISCONNECT_ROUTE ? 'DISCONNECT' : 'MESSAGE';
    return {
      requestContext: {
        routeKey,
        messageId: eventType === 'MESSAGE' ? `m-${now.toString(36)}` : '',
        eventType,
        extendedRequestId: `local-${now.toString(36)}`,
        requestTime: new Date(now).toUTCString(),
        messageDirection: 'IN',
        stage: this.options.stage,
        connectedAt: this.connections.describe(connectionId)?.connectedAt ?? now,
        requestTimeEpoch: now,
        requestId: `local-${now.toString(36)}`,
        domainName: request.headers.host ?? 'localhost',
        connectionId,
        apiId: 'local',
        ...(extra.userId === undefined ? {} : { authorizer: { userId: extra.userId, principalId: extra.userId } }),
      },
      // $connect carries the query string (and API Gateway adds the headers, which no handler reads).
      ...(extra.query === undefined ? {} : { queryStringParameters: extra.query }),
      ...(extra.body === undefined ? {} : { body: extra.body }),
      isBase64Encoded: extra.isBase64Encoded ?? false,
    };
  }
}

/** `$request.body.<field>`: a value naming a route picks it; anything else goes to `$default`. */
export function selectRoute(body: string, selection: Pick<RouteSelection, 'field' | 'routeKeys'>): string {
  const value = parseJsonObject(body)?.[selection.field];
  return typeof value === 'string' && selection.routeKeys.includes(value) ? value : DEFAULT_ROUTE;
}

function authorizerEvent(query: Record<string, string>, connectionId: string, stage: string, request: IncomingMessage): APIGatewayRequestAuthorizerEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
  return {
    type: 'REQUEST',
    methodArn: `arn:aws:execute-api:local:000000000000:local/${stage}/$connect`,
    resource: CONNECT_ROUTE,
    path: '',
    httpMethod: 'GET',
    headers,
    multiValueHeaders: null,
    pathParameters: null,
    queryStringParameters: query,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: { routeKey: CONNECT_ROUTE, eventType: 'CONNECT', connectionId, stage, apiId: 'local' } as unknown as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

/** An upgrade refused with an HTTP answer, as API Gateway refuses one. */
export function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ message });
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' }[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
