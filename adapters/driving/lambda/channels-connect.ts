import { connectionRefusal } from '../../../domain/channels/pusher-protocol.ts';
import { CHANNELS_APP_KEY_PARAMETER } from '../../../manifest/websocket-routes.ts';
import type { HandshakeInvoker } from '../../../domain/realtime/handshake-invoker.port.ts';
import type { Observability } from './observability.ts';
import type { WebSocketEvent, WebSocketResult } from './websocket-event.ts';

/**
 * The channels API's `$connect`: checks the app key and protocol, hands the handshake to
 * `channels-handshake` and accepts. A refused connection is accepted too, so that its first frame
 * can say why (`pusher:error` 4001 makes pusher-js stop; a failed upgrade would make it retry for ever).
 * Nothing is stored: the socket id is the connection id in digits (domain/channels/socket-id.ts).
 */
export function makeChannelsConnectHandler(deps: { readonly appKey: string; readonly handshake: HandshakeInvoker } & Observability) {
  return async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const { connectionId } = event.requestContext;
    deps.logger.appendKeys({ connectionId });
    const query = event.queryStringParameters ?? {};
    const refusal = connectionRefusal(deps.appKey, { key: query[CHANNELS_APP_KEY_PARAMETER], protocol: query['protocol'] });
    await deps.handshake.invoke(refusal === undefined ? { connectionId } : { connectionId, refusal });
    if (refusal === undefined) deps.logger.info('connected');
    else deps.logger.warn('connection refused', { code: refusal.code, reason: refusal.message });
    return { statusCode: 200 };
  };
}
