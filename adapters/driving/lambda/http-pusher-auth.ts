import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AuthorizeChannel, AuthorizeChannelError } from '../../../domain/channels/authorize-channel.use-case.ts';
import { parseChannelName } from '../../../domain/channels/channel-name.ts';
import { bearerToken, parseBody, queryParameters } from './http-request.ts';
import { errorResponse, json, jsonp } from './http-response.ts';
import type { Observability } from './observability.ts';

/**
 * The one callback a JSONP response may call: pusher-js's own `Pusher.auth_callbacks['N']`. Any
 * other name (`location.assign`, `opener.postMessage`) would let a page run a function of its choice.
 */
const JSONP_CALLBACK = /^Pusher\.auth_callbacks\['\d{1,10}'\]$/;

export function isAllowedJsonpCallback(callback: string): boolean {
  return JSONP_CALLBACK.test(callback);
}

/**
 * `POST /pusher/auth` (pusher-js ajax: form `socket_id`, `channel_name`, `Authorization: Bearer`) and
 * `GET /pusher/auth?callback=…` (pusher-js jsonp: everything in the query, `token` included, because
 * a script tag cannot send headers). Cookies are never consulted: any page could load the script.
 */
export function makeHttpPusherAuthHandler(deps: { authorizeChannel: AuthorizeChannel } & Observability) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method;
    if (method === 'GET') return jsonpAuth(event, deps);
    if (method !== 'POST') return errorResponse(405, 'method_not_allowed', 'use POST, or GET with callback= for JSONP', { allow: 'GET, POST' });
    const body = parseBody(event);
    if (!body.ok) return errorResponse(body.status, 'invalid_request', body.message);
    const result = await deps.authorizeChannel.execute({
      accessToken: bearerToken(event) ?? body.fields['token'],
      socketId: body.fields['socket_id'],
      channelName: body.fields['channel_name'],
    });
    if (result.ok) return json(200, result.value);
    const refusal = refusalOf(result.error);
    deps.logger.warn('channel authorization refused', { reason: result.error.kind, channel: safeChannel(body.fields['channel_name']) });
    return errorResponse(refusal.status, refusal.code, result.error.message);
  };
}

async function jsonpAuth(event: APIGatewayProxyEventV2, deps: { authorizeChannel: AuthorizeChannel } & Observability): Promise<APIGatewayProxyStructuredResultV2> {
  const query = queryParameters(event);
  const callback = query['callback'];
  if (callback === undefined || callback === '') {
    return errorResponse(400, 'invalid_request', 'GET /pusher/auth is JSONP: it needs callback=');
  }
  if (!isAllowedJsonpCallback(callback)) {
    return { statusCode: 400, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }, body: 'callback is not an allowed JSONP callback name' };
  }
  const result = await deps.authorizeChannel.execute({ accessToken: query['token'], socketId: query['socket_id'], channelName: query['channel_name'] });
  if (result.ok) return jsonp(callback, result.value);
  deps.logger.warn('channel authorization refused (jsonp)', { reason: result.error.kind, channel: safeChannel(query['channel_name']) });
  // A script that fails to load is never reported to pusher-js, so a refusal is a callback too.
  const refusal = refusalOf(result.error);
  return jsonp(callback, { error: refusal.code, message: result.error.message, status: refusal.status });
}

function refusalOf(error: AuthorizeChannelError): { status: number; code: string } {
  switch (error.kind) {
    case 'InvalidSocketId':
    case 'InvalidChannelName':
    case 'ChannelNeedsNoAuthorization':
    case 'InvalidPresenceData':
      return { status: 400, code: 'invalid_request' };
    case 'InvalidToken':
      return { status: 401, code: 'invalid_token' };
    case 'Forbidden':
      return { status: 403, code: 'forbidden' };
    case 'EncryptionNotConfigured':
      return { status: 403, code: 'encryption_not_configured' };
  }
}

/** Channel names are logged only when they are channel names, never arbitrary client input. */
function safeChannel(value: unknown): string | undefined {
  const channel = parseChannelName(value);
  return channel.ok ? channel.value.name : undefined;
}
