import type { LeaveChannels } from '../../../domain/realtime/leave-channels.use-case.ts';
import { socketIdOf } from '../../../domain/channels/socket-id.ts';
import type { Observability } from './observability.ts';
import type { WebSocketEvent, WebSocketResult } from './websocket-event.ts';

/** The channels API's `$disconnect` (best-effort on AWS: TTLs and 410s clean up what it misses). */
export function makeChannelsDisconnectHandler(deps: { readonly leave: LeaveChannels } & Observability) {
  return async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const { connectionId } = event.requestContext;
    const socketId = socketIdOf(connectionId);
    deps.logger.appendKeys({ connectionId, socketId });
    const { left } = await deps.leave.execute({ socketId });
    deps.logger.info('disconnected', { channelsLeft: left });
    return { statusCode: 200 };
  };
}
