import type { UnregisterConnection } from '../../../domain/connections/unregister-connection.use-case.ts';
import type { Observability } from './observability.ts';
import type { WebSocketEvent, WebSocketResult } from './websocket-event.ts';

/** `$disconnect` (best-effort on API Gateway's side; the registry's TTL covers the rest). */
export function makeWsDisconnectHandler(deps: { unregisterConnection: UnregisterConnection } & Observability) {
  return async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const { connectionId } = event.requestContext;
    deps.logger.appendKeys({ connectionId });
    const result = await deps.unregisterConnection.execute({ connectionId });
    if (!result.ok) {
      // API Gateway ignores the answer to $disconnect; the log is where a bad id shows.
      deps.logger.warn('disconnect not recorded', { reason: result.error.message });
      return { statusCode: 400, body: result.error.message };
    }
    deps.logger.info('disconnected');
    return { statusCode: 200 };
  };
}
