import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { HTTP_ROUTES, type HttpFunctionName, type HttpRouteKey } from '../../../manifest/http-routes.ts';
import { PUSHER_API_MAX_BODY_BYTES } from '../lambda/http-pusher-api.ts';
import { MAX_HTTP_BODY_BYTES } from '../lambda/http-request.ts';
import { errorResponse } from '../lambda/http-response.ts';
import { DEMO_PATHS, writeDemoPage, writePusherJs } from './demo-page.ts';
import { BodyTooLargeError, decodePathSegment, parseRequestUrl, readBody, routeMatches, routePathMatches, toHttpApiEvent, writeJson, writeResult } from './http-event-emulator.ts';
import { originOf, type LocalAccessPolicy } from './local-access-policy.ts';
import { handleLocalEndpoint, type LocalEndpointsDeps } from './local-endpoints.ts';
import { handleManagementApi, isManagementApiPath } from './management-api.ts';
import { CHANNELS_APP_KEY_PARAMETER } from '../../../manifest/websocket-routes.ts';
import type { WebSocketConnections } from './websocket-connections.ts';
import { rejectUpgrade, type WebSocketGateway } from './websocket-gateway.ts';

type HttpFunction = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * What pages on the developer's other origins (an app's dev server on localhost:3000) may call and
 * read: pusher-js's auth endpoints. Never `/token` (it takes the app secret), `/local/*` or
 * `/@connections`.
 */
const CROSS_ORIGIN_ROUTES: ReadonlySet<HttpRouteKey> = new Set(['POST /pusher/auth', 'GET /pusher/auth', 'POST /pusher/user-auth']);

/** The functions whose bodies may be larger than `MAX_HTTP_BODY_BYTES`, with their own limit. */
const BODY_LIMITS: Partial<Record<HttpFunctionName, number>> = { 'http-pusher-api': PUSHER_API_MAX_BODY_BYTES };

function corsHeaders(origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-max-age': '600',
    vary: 'origin',
  };
}

export interface LocalRoutesDeps {
  /** The HTTP API's functions, by name; `HTTP_ROUTES` says which route reaches which. */
  readonly httpFunctions: Readonly<Record<HttpFunctionName, HttpFunction>>;
  readonly connections: WebSocketConnections;
  readonly websocketApi: WebSocketGateway;
  /** The channels API (the Pusher protocol). */
  readonly channelsApi: WebSocketGateway;
  readonly localEndpoints: Omit<LocalEndpointsDeps, 'isSameOrigin'>;
  readonly access: LocalAccessPolicy;
  /** What the demo page needs to know: nothing secret. */
  readonly demo: { readonly key: string };
  /** What `GET /` answers to a client that is not a browser. */
  readonly describeEndpoints: () => unknown;
}

interface Route {
  readonly matches: (method: string, pathname: string) => boolean;
  readonly serve: (request: IncomingMessage, response: ServerResponse, url: URL, headers: Record<string, string>) => Promise<void>;
  /** Its answers carry CORS headers for the developer's own origins. */
  readonly crossOrigin?: boolean;
}

/** Every path local mode answers, in the order they are tried: AWS's services first, then its own pages. */
export function localRoutes(deps: LocalRoutesDeps): { handleRequest: (request: IncomingMessage, response: ServerResponse) => Promise<void>; handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void> } {
  const localEndpoints: LocalEndpointsDeps = { ...deps.localEndpoints, isSameOrigin: (request) => deps.access.isSameOrigin(request) };
  const routes: Route[] = [
    { matches: (_method, pathname) => isManagementApiPath(pathname), serve: (request, response, url) => handleManagementApi(request, response, url.pathname, deps.connections) },
    {
      matches: (_method, pathname) => pathname.startsWith('/local/'),
      serve: async (request, response, url) => {
        if (!(await handleLocalEndpoint(request, response, url.pathname, localEndpoints))) writeJson(response, 404, { message: 'Not Found' });
      },
    },
    {
      matches: (method, pathname) => method === 'GET' && pathname === DEMO_PATHS.page,
      serve: async (request, response, _url, headers) => {
        if ((request.headers.accept ?? '').includes('text/html')) return writeDemoPage(response, deps.demo);
        writeJson(response, 200, deps.describeEndpoints(), headers);
      },
      crossOrigin: true,
    },
    { matches: (method, pathname) => method === 'GET' && pathname === DEMO_PATHS.pusherJs, serve: async (_request, response) => writePusherJs(response) },
    ...HTTP_ROUTES.map(({ routeKey, function: name }): Route => ({
      matches: (method, pathname) => routeMatches(routeKey, method, pathname),
      serve: async (request, response, _url, headers) => {
        // The limit the handler applies on Lambda, so local mode refuses exactly what a deployment refuses.
        const body = await readBody(request, BODY_LIMITS[name] ?? MAX_HTTP_BODY_BYTES);
        writeResult(response, await deps.httpFunctions[name](toHttpApiEvent(request, body, routeKey)), headers);
      },
      crossOrigin: CROSS_ORIGIN_ROUTES.has(routeKey),
    })),
  ];

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const access = deps.access.check(request);
    if (!access.allowed) return writeJson(response, access.status, { message: access.message });
    const url = parseRequestUrl(request.url);
    if (url === undefined) return writeJson(response, 400, { message: 'the request target is not a valid URL path' });
    const method = request.method ?? 'GET';
    const origin = originOf(request);
    if (method === 'OPTIONS') return preflight(request, response, url.pathname, origin);
    const route = routes.find((candidate) => candidate.matches(method, url.pathname));
    const headers = route?.crossOrigin === true && origin !== undefined ? corsHeaders(origin) : {};
    try {
      if (route !== undefined) return await route.serve(request, response, url, headers);
      const known = HTTP_ROUTES.some((candidate) => routePathMatches(candidate.routeKey, url.pathname));
      writeJson(response, known ? 405 : 404, { message: known ? `${method} is not allowed on ${url.pathname}` : 'Not Found' });
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      // The same answer the handler gives on Lambda.
      writeResult(response, errorResponse(413, 'invalid_request', error.message), { ...headers, ...(error.closesConnection ? { connection: 'close' } : {}) });
    }
  }

  /** A browser asking before a cross-origin call: yes only for the routes pages may call (the origin was checked already). */
  function preflight(request: IncomingMessage, response: ServerResponse, pathname: string, origin: string | undefined): void {
    const requested = String(request.headers['access-control-request-method'] ?? '').toUpperCase();
    const route = routes.find((candidate) => candidate.matches(requested, pathname));
    if (origin === undefined || route?.crossOrigin !== true) return writeJson(response, 403, { message: `cross-origin requests are not allowed on ${pathname}` });
    response.writeHead(204, corsHeaders(origin)).end();
  }

  /**
   * `/app/<key>` is the channels API, its key moved into the query as the CloudFront Function in
   * front of a deployment moves it; `/` is the WebSocket API; nothing else upgrades.
   */
  async function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const access = deps.access.check(request);
    if (!access.allowed) return rejectUpgrade(socket, access.status, access.message);
    const pathname = parseRequestUrl(request.url)?.pathname;
    const encodedAppKey = /^\/app\/([^/]+)$/.exec(pathname ?? '')?.[1];
    if (encodedAppKey !== undefined) {
      const appKey = decodePathSegment(encodedAppKey);
      if (appKey === undefined) return void socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return deps.channelsApi.handleUpgrade(request, socket, head, { [CHANNELS_APP_KEY_PARAMETER]: appKey });
    }
    if (pathname !== '/') return void socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    await deps.websocketApi.handleUpgrade(request, socket, head);
  }

  return { handleRequest, handleUpgrade };
}
