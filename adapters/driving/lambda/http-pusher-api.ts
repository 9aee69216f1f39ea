import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { verifyHttpApiRequest } from '../../../domain/channels/http-api-request.ts';
import type { Clock } from '../../../domain/shared/clock.port.ts';
import { findPusherApiEndpoint, pusherApiError, type PusherApiServices } from './http-pusher-api-endpoints.ts';
import { bodyBytes } from './http-request.ts';
import { errorResponse } from './http-response.ts';
import type { Observability } from './observability.ts';

export type HttpPusherApiDeps = {
  readonly appId: string;
  readonly key: string;
  readonly secret: string;
  readonly clock: Clock;
} & PusherApiServices &
  Observability;

/**
 * Bodies past this are refused before they are verified: a full `batch_events` (10 events of 10 KB
 * of data each, JSON-escaped) fits, and no Pusher SDK sends more. Over HTTP API's default limit
 * (`MAX_HTTP_BODY_BYTES`), which no other endpoint comes close to.
 */
export const PUSHER_API_MAX_BODY_BYTES = 256 * 1024;

const APPS_PATH = /^\/apps\/([^/]+)(\/.*)?$/;

/**
 * Pusher's HTTP API under `/apps/<appId>/` (events, batch_events, channels, channels/<name>,
 * channels/<name>/users, users/<id>/terminate_connections), verified as Pusher verifies it: key,
 * HMAC-SHA256 over `METHOD\npath\nsorted query`, `body_md5`, a 600 s window. The path and the query
 * are read as they arrived (`rawPath`, `rawQueryString`), so what is verified is what was signed and
 * the `pusher` package works unchanged. (HTTP APIs are reported to hand `rawPath` over decoded, which
 * is what the SDKs sign; channel names hold nothing a client would encode. Unverified on AWS.)
 */
export function makeHttpPusherApiHandler(deps: HttpPusherApiDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method;
    const [, appId, route = ''] = APPS_PATH.exec(event.rawPath) ?? [];
    if (appId === undefined) return pusherApiError(404, `No such endpoint: ${method} ${event.rawPath.slice(0, 100)}`);
    if (appId !== deps.appId) return pusherApiError(404, `Unknown app ${appId.slice(0, 64)}`);
    const body = bodyBytes(event, PUSHER_API_MAX_BODY_BYTES);
    // Worded as every other function's refusal of a body, and as local mode's before it reaches one.
    if (!body.ok) return errorResponse(body.status, 'invalid_request', body.message);
    const request = { method, path: event.rawPath, rawQuery: event.rawQueryString ?? '', body: body.bytes };
    const verified = verifyHttpApiRequest(request, deps, Math.floor(deps.clock.now() / 1000));
    if (!verified.ok) {
      deps.logger.warn('pusher api request refused', { reason: verified.error.kind });
      return pusherApiError(401, verified.error.message);
    }
    const endpoint = findPusherApiEndpoint(method, route);
    if (endpoint === undefined) return pusherApiError(404, `No such endpoint: ${method} ${route.slice(0, 100)}`);
    const answer = await endpoint.serve({ body: body.bytes, query: verified.value, segment: endpoint.segment }, deps);
    if ((answer.statusCode ?? 200) >= 400) deps.logger.warn('pusher api request refused', { endpoint: `${method} ${route.split('/')[1] ?? ''}`, status: answer.statusCode });
    return answer;
  };
}
