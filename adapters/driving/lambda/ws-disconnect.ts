import type { UnregisterConnection } from '../../../domain/connections/unregister-connection.use-case.ts';
import type { Observability } from './observability.ts';
import type { WebSocketEvent, WebSocketResult } from './websocket-event.ts';

/** `$disconnect` (best-effort on API Gateway's side; the registry's TTL covers the rest). */
export function makeWsDisconnectHandler(deps: { unregisterConnection: UnregisterConnection } & Observability) {
  return async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const { connectionId } = event.requestContext;
    await deps.unregisterConnection.execute({ connectionId });
    deps.logger.info('disconnected', { connectionId });
    return { statusCode: 200 };
  };
}
