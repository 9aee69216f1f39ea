import type { RegisterConnection } from '../../../domain/connections/register-connection.use-case.ts';
import type { Observability } from './observability.ts';
import type { WebSocketEvent, WebSocketResult } from './websocket-event.ts';

/** `$connect`: records the connection, bound to the authorizer's user when there is one. Never posts to it. */
export function makeWsConnectHandler(deps: { registerConnection: RegisterConnection } & Observability) {
  return async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const { connectionId } = event.requestContext;
    const userId = event.requestContext.authorizer?.userId;
    deps.logger.appendKeys({ connectionId, userId });
    const result = await deps.registerConnection.execute({ connectionId, userId });
    if (!result.ok) {
      deps.logger.warn('connection not registered', { reason: result.error.message });
      return { statusCode: 400, body: result.error.message };
    }
    deps.logger.info('connected');
    return { statusCode: 200 };
  };
}
