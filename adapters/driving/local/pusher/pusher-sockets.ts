import type { WebSocket } from 'ws';
import type { RealtimeDelivery, RealtimeDeliveryOutcome, RealtimeMessage } from '../../../../domain/realtime/realtime-delivery.port.ts';
import type { SocketCloser } from '../../../../domain/realtime/socket-closer.port.ts';

/** Close codes pusher-js understands: 40xx do not reconnect, 42xx reconnect at once. */
export const CLOSE_CODES = { unknownApp: 4001, unauthorized: 4009, pongNotReceived: 4201 } as const;

export interface ClientSocket {
  readonly socket: WebSocket;
  idleTimer: NodeJS.Timeout;
  awaitingPong: boolean;
}

/**
 * The open Pusher protocol sockets, by socket id: where realtime messages are delivered. Built
 * before the use cases that deliver, so a delivery always finds the real sockets.
 */
export class PusherSockets implements RealtimeDelivery, SocketCloser {
  private readonly sockets = new Map<string, ClientSocket>();

  get size(): number {
    return this.sockets.size;
  }

  add(socketId: string, client: ClientSocket): void {
    this.sockets.set(socketId, client);
  }

  delete(socketId: string): void {
    this.sockets.delete(socketId);
  }

  get(socketId: string): ClientSocket | undefined {
    return this.sockets.get(socketId);
  }

  async close(socketId: string): Promise<void> {
    this.sockets.get(socketId)?.socket.close(CLOSE_CODES.unauthorized, 'Connections terminated');
  }

  async deliver(socketId: string, message: RealtimeMessage): Promise<RealtimeDeliveryOutcome> {
    const client = this.sockets.get(socketId);
    if (client === undefined) return 'gone';
    sendFrame(client.socket, { event: message.event, ...(message.channel === undefined ? {} : { channel: message.channel }), data: message.data, ...(message.userId === undefined ? {} : { user_id: message.userId }) });
    return 'delivered';
  }

  closeAll(): void {
    for (const client of this.sockets.values()) client.socket.close(1001, 'Server shutting down');
  }
}

/** Pusher frames carry `data` as a JSON string. */
export function sendFrame(socket: WebSocket, message: { event: string; channel?: string; data: unknown; user_id?: string }): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.send(JSON.stringify({ ...message, data: typeof message.data === 'string' ? message.data : JSON.stringify(message.data) }));
}
