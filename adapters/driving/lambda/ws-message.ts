import type { RouteMessage } from '../../../domain/messaging/route-message.use-case.ts';
import type { Observability } from './observability.ts';
import { messageBody, type WebSocketEvent, type WebSocketResult } from './websocket-event.ts';

/** Every message route (`ping`, `test`, `authorize`, `$default`): the reply is pushed back, so the answer is 200. */
export function makeWsMessageHandler(deps: { routeMessage: RouteMessage } & Observability) {
  return async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const { connectionId, routeKey } = event.requestContext;
    deps.logger.appendKeys({ connectionId });
    const result = await deps.routeMessage.execute({ connectionId, body: messageBody(event) });
    if (result.ok) {
      deps.logger.info('message routed', { routeKey, action: result.value.action, delivery: result.value.delivery });
    } else {
      deps.logger.warn('message refused', { routeKey, code: result.error.code, delivery: result.error.delivery });
    }
    return { statusCode: 200 };
  };
}
