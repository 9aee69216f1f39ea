import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { HTTP_ROUTES, type HttpFunctionName } from '../../../manifest/http-routes.ts';
import { writeDemoPage, writePusherJs } from './demo-page.ts';
import { BodyTooLargeError, decodePathSegment, parseRequestUrl, readBody, toHttpApiEvent, writeJson, writeResult } from './http-event-emulator.ts';
import { handleLocalEndpoint, type LocalEndpointsDeps } from './local-endpoints.ts';
import { handleManagementApi, isManagementApiPath } from './management-api.ts';
import { handlePusherHttpApi, isPusherHttpApiPath, type PusherHttpApiDeps } from './pusher/pusher-http-api.ts';
import type { PusherChannelsServer } from './pusher/pusher-channels-server.ts';
import type { WebSocketConnections } from './websocket-connections.ts';
import type { WebSocketGateway } from './websocket-gateway.ts';

type HttpFunction = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-max-age': '600',
};

export interface LocalRoutesDeps {
  /** The HTTP API's functions, by name; `HTTP_ROUTES` says which route reaches which. */
  readonly httpFunctions: Readonly<Record<HttpFunctionName, HttpFunction>>;
  readonly connections: WebSocketConnections;
  readonly websocketApi: WebSocketGateway;
  readonly pusherChannels: PusherChannelsServer;
  readonly pusherHttpApi: PusherHttpApiDeps;
  readonly localEndpoints: Omit<LocalEndpointsDeps, 'headers'>;
  readonly demo: { readonly key: string; readonly secret: string; readonly appId: string };
  /** What `GET /` answers to a client that is not a browser. */
  readonly describeEndpoints: () => unknown;
}

interface Route {
  readonly matches: (method: string, pathname: string) => boolean;
  readonly serve: (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>;
}

/** Every path local mode answers, in the order they are tried: AWS's services first, then its own pages. */
export function localRoutes(deps: LocalRoutesDeps): { handleRequest: (request: IncomingMessage, response: ServerResponse) => Promise<void>; handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void> } {
  const functionsByRoute = new Map<string, HttpFunction>(HTTP_ROUTES.map((route) => [route.routeKey, deps.httpFunctions[route.function]]));
  const localEndpoints = { ...deps.localEndpoints, headers: CORS_HEADERS };
  const routes: Route[] = [
    { matches: (method) => method === 'OPTIONS', serve: async (_request, response) => void response.writeHead(204, CORS_HEADERS).end() },
    { matches: (_method, pathname) => isManagementApiPath(pathname), serve: (request, response, url) => handleManagementApi(request, response, url.pathname, deps.connections) },
    { matches: (_method, pathname) => isPusherHttpApiPath(pathname), serve: (request, response, url) => handlePusherHttpApi(request, response, url, deps.pusherHttpApi) },
    {
      matches: (_method, pathname) => pathname.startsWith('/local/'),
      serve: async (request, response, url) => {
        if (!(await handleLocalEndpoint(request, response, url.pathname, localEndpoints))) writeJson(response, 404, { message: 'Not Found' }, CORS_HEADERS);
      },
    },
    {
      matches: (method, pathname) => method === 'GET' && pathname === '/',
      serve: async (request, response) => {
        if ((request.headers.accept ?? '').includes('text/html')) return writeDemoPage(response, deps.demo);
        writeJson(response, 200, deps.describeEndpoints(), CORS_HEADERS);
      },
    },
    { matches: (method, pathname) => method === 'GET' && pathname === '/demo/pusher.min.js', serve: async (_request, response) => writePusherJs(response) },
    {
      matches: (method, pathname) => functionsByRoute.has(`${method} ${pathname}`),
      serve: async (request, response, url) => {
        const routeKey = `${request.method} ${url.pathname}`;
        const body = await readBody(request);
        writeResult(response, await functionsByRoute.get(routeKey)!(toHttpApiEvent(request, body, routeKey)), CORS_HEADERS);
      },
    },
  ];

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = parseRequestUrl(request.url);
    if (url === undefined) return writeJson(response, 400, { message: 'the request target is not a valid URL path' }, CORS_HEADERS);
    const method = request.method ?? 'GET';
    const route = routes.find((candidate) => candidate.matches(method, url.pathname));
    try {
      if (route !== undefined) return await route.serve(request, response, url);
      const known = HTTP_ROUTES.some((candidate) => candidate.routeKey.endsWith(` ${url.pathname}`));
      writeJson(response, known ? 405 : 404, { message: known ? `${method} is not allowed on ${url.pathname}` : 'Not Found' }, CORS_HEADERS);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return writeJson(response, 413, { message: error.message }, CORS_HEADERS);
      throw error;
    }
  }

  /** `/app/<key>` is the Pusher protocol, `/` the WebSocket API; nothing else upgrades. */
  async function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const pathname = parseRequestUrl(request.url)?.pathname;
    const encodedAppKey = /^\/app\/([^/]+)$/.exec(pathname ?? '')?.[1];
    if (encodedAppKey !== undefined) {
      const appKey = decodePathSegment(encodedAppKey);
      if (appKey === undefined) return void socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return deps.pusherChannels.handleUpgrade(request, socket, head, appKey);
    }
    if (pathname !== '/') return void socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    await deps.websocketApi.handleUpgrade(request, socket, head);
  }

  return { handleRequest, handleUpgrade };
}
