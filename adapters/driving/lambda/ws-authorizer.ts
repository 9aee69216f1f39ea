import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { VerifyAccessToken } from '../../../domain/tokens/verify-access-token.use-case.ts';
import type { Observability } from './observability.ts';

/** API Gateway turns exactly this error message into a 401 for the client. */
export const UNAUTHORIZED = 'Unauthorized';

/**
 * The REQUEST authorizer on `$connect`: `?token=<access token>` (browsers cannot set headers on a
 * WebSocket). Allows the connection with `context.userId`; anything else is a 401.
 */
export function makeWsAuthorizerHandler(deps: { verifyAccessToken: VerifyAccessToken } & Observability) {
  return async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const principal = await deps.verifyAccessToken.execute(event.queryStringParameters?.['token']);
    if (!principal.ok) {
      deps.logger.warn('connection refused', { reason: principal.error.message, connectionId: event.requestContext.connectionId ?? undefined });
      throw new Error(UNAUTHORIZED);
    }
    const { userId } = principal.value;
    return {
      principalId: userId,
      policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
      context: { userId },
    };
  };
}
