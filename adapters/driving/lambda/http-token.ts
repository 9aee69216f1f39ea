import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { IssueToken } from '../../../domain/tokens/issue-token.use-case.ts';
import { basicCredentials, parseBody } from './http-request.ts';
import { errorResponse, json } from './http-response.ts';
import type { Observability } from './observability.ts';

/** `POST /token`: client_credentials (HTTP Basic key:secret) or refresh_token; error codes as pusher-platform uses them. */
export function makeHttpTokenHandler(deps: { issueToken: IssueToken } & Observability) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    if (event.requestContext.http.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'use POST', { allow: 'POST' });
    const body = parseBody(event);
    if (!body.ok) return errorResponse(body.status, 'invalid_request', body.message);
    const { fields } = body;
    const result = await deps.issueToken.execute({
      grantType: fields['grant_type'],
      client: basicCredentials(event),
      userId: fields['user_id'],
      channels: fields['channels'],
      userInfo: fields['user_info'],
      expiresIn: fields['expires_in'],
      refreshToken: fields['refresh_token'],
    });
    if (result.ok) {
      const issued = result.value;
      deps.logger.info('token issued', { grantType: String(fields['grant_type']) });
      return json(200, {
        access_token: issued.accessToken,
        token_type: issued.tokenType,
        expires_in: issued.expiresIn,
        refresh_token: issued.refreshToken,
        refresh_token_expires_in: issued.refreshTokenExpiresIn,
      });
    }
    const { error } = result;
    deps.logger.warn('token refused', { reason: error.kind });
    switch (error.kind) {
      case 'InvalidClient':
        return errorResponse(401, 'invalid_client', error.message, { 'www-authenticate': 'Basic realm="pushgate"' });
      case 'UnsupportedGrantType':
        return errorResponse(422, 'invalid_grant_type', error.message);
      case 'InvalidRequest':
        return errorResponse(400, 'invalid_request', error.message);
      case 'InvalidRefreshToken':
        return errorResponse(401, 'invalid_refresh_token', error.message);
    }
  };
}
