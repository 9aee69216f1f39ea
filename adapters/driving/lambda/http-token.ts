import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { IssueToken } from '../../../domain/tokens/issue-token.use-case.ts';
import type { RevokeToken } from '../../../domain/tokens/revoke-token.use-case.ts';
import { basicCredentials, parseBody } from './http-request.ts';
import { errorResponse, json } from './http-response.ts';
import type { Observability } from './observability.ts';

type TokenHandlerDeps = { issueToken: IssueToken; revokeToken: RevokeToken } & Observability;

const INVALID_CLIENT_HEADERS = { 'www-authenticate': 'Basic realm="pushgate"' };

/**
 * `POST /token`: client_credentials (HTTP Basic key:secret) or refresh_token; error codes as
 * pusher-platform uses them. `POST /token/revoke`: RFC 7009 revocation, in the same function.
 */
export function makeHttpTokenHandler(deps: TokenHandlerDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    if (event.requestContext.http.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'use POST', { allow: 'POST' });
    const body = parseBody(event);
    if (!body.ok) return errorResponse(body.status, 'invalid_request', body.message);
    return event.rawPath === '/token/revoke' ? revoke(body.fields, event, deps) : issue(body.fields, event, deps);
  };
}

async function issue(fields: Record<string, unknown>, event: APIGatewayProxyEventV2, deps: TokenHandlerDeps): Promise<APIGatewayProxyStructuredResultV2> {
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
      return errorResponse(401, 'invalid_client', error.message, INVALID_CLIENT_HEADERS);
    case 'UnsupportedGrantType':
      return errorResponse(422, 'invalid_grant_type', error.message);
    case 'InvalidRequest':
      return errorResponse(400, 'invalid_request', error.message);
    case 'InvalidRefreshToken':
      return errorResponse(401, 'invalid_refresh_token', error.message);
  }
}

/** RFC 7009: 200 with an empty body whether or not the token was known, so an answer reveals nothing. */
async function revoke(fields: Record<string, unknown>, event: APIGatewayProxyEventV2, deps: TokenHandlerDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const result = await deps.revokeToken.execute({ client: basicCredentials(event), token: fields['token'], tokenTypeHint: fields['token_type_hint'], userId: fields['user_id'] });
  if (result.ok) {
    deps.logger.info('token revoked', result.value);
    return json(200, {});
  }
  const { error } = result;
  deps.logger.warn('revocation refused', { reason: error.kind });
  switch (error.kind) {
    case 'InvalidClient':
      return errorResponse(401, 'invalid_client', error.message, INVALID_CLIENT_HEADERS);
    case 'InvalidRequest':
      return errorResponse(400, 'invalid_request', error.message);
    case 'UnsupportedTokenType':
      return errorResponse(400, 'unsupported_token_type', error.message);
  }
}
