import { setTimeout as sleep } from 'node:timers/promises';
import type { RealtimeDelivery, RealtimeMessage } from '../../../domain/realtime/realtime-delivery.port.ts';
import type { SocketCloser } from '../../../domain/realtime/socket-closer.port.ts';
import { socketIdOf } from '../../../domain/channels/socket-id.ts';
import { isChannelsHandshakeEvent } from '../../../domain/realtime/handshake-invoker.port.ts';
import type { Observability } from './observability.ts';

/**
 * How long the first frame keeps trying: a post can reach API Gateway before `$connect` has
 * returned, and is then answered 410. Short first waits, then never more than 250 ms between
 * tries (about 3.3 s in all), because pusher-js's fast retry gives a handshake only 2 × its last
 * latency + 1 s: with 1 s steps a connection opened 1 s late waited ~500 ms more; with these, ~40 ms
 * (bench/handshake.ts, 2026-12-02), for up to 8 more `@connections` calls on a late connection only.
 */
export const HANDSHAKE_RETRY = { delaysMs: [10, 20, 40, 80, 160, ...Array.from({ length: 12 }, () => 250)] } as const;

export interface ChannelsHandshakeDeps extends Observability {
  readonly delivery: RealtimeDelivery;
  readonly closer: SocketCloser;
  /** Seconds of silence after which pusher-js pings (announced in the handshake). */
  readonly activityTimeoutSeconds: number;
  readonly delaysMs?: readonly number[];
}

/** Posts the first frame: `pusher:connection_established`, or `pusher:error` and then the connection deleted. */
export function makeChannelsHandshakeHandler(deps: ChannelsHandshakeDeps) {
  return async (event: unknown): Promise<{ readonly outcome: 'established' | 'refused' | 'gone' | 'invalid' }> => {
    if (!isChannelsHandshakeEvent(event)) {
      deps.logger.error('not a handshake event: dropped');
      return { outcome: 'invalid' };
    }
    const socketId = socketIdOf(event.connectionId);
    deps.logger.appendKeys({ connectionId: event.connectionId, socketId });
    const frame: RealtimeMessage =
      event.refusal === undefined
        ? { event: 'pusher:connection_established', data: { socket_id: socketId, activity_timeout: deps.activityTimeoutSeconds } }
        : { event: 'pusher:error', data: { code: event.refusal.code, message: event.refusal.message } };
    for (const delayMs of [0, ...(deps.delaysMs ?? HANDSHAKE_RETRY.delaysMs)]) {
      if (delayMs > 0) await sleep(delayMs);
      if ((await deps.delivery.deliver(socketId, frame)) === 'gone') continue;
      if (event.refusal === undefined) return { outcome: 'established' };
      await deps.closer.close(socketId);
      return { outcome: 'refused' };
    }
    // Still 410 after every wait: the client left before it was greeted.
    deps.logger.warn('connection gone before its handshake');
    return { outcome: 'gone' };
  };
}
