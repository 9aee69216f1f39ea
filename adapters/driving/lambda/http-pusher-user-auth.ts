import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AuthenticateUser } from '../../../domain/channels/authenticate-user.use-case.ts';
import { bearerToken, parseBody } from './http-request.ts';
import { errorResponse, json } from './http-response.ts';
import type { Observability } from './observability.ts';

/** `POST /pusher/user-auth`: pusher-js `signin()`, form `socket_id` with `Authorization: Bearer`. */
export function makeHttpPusherUserAuthHandler(deps: { authenticateUser: AuthenticateUser } & Observability) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    if (event.requestContext.http.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'use POST', { allow: 'POST' });
    const body = parseBody(event);
    if (!body.ok) return errorResponse(body.status, 'invalid_request', body.message);
    const result = await deps.authenticateUser.execute({ accessToken: bearerToken(event) ?? body.fields['token'], socketId: body.fields['socket_id'] });
    if (result.ok) return json(200, result.value);
    deps.logger.warn('user sign-in refused', { reason: result.error.kind });
    switch (result.error.kind) {
      case 'InvalidSocketId':
        return errorResponse(400, 'invalid_request', result.error.message);
      case 'InvalidToken':
        return errorResponse(401, 'invalid_token', result.error.message);
    }
  };
}
