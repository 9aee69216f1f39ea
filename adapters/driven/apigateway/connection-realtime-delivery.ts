import type { ConnectionTerminator } from '../../../domain/connections/connection-terminator.port.ts';
import { encodePusherFrame } from '../../../domain/channels/pusher-protocol.ts';
import type { ConnectionNotifier } from '../../../domain/notifications/connection-notifier.port.ts';
import type { RealtimeDelivery, RealtimeDeliveryOutcome, RealtimeMessage } from '../../../domain/realtime/realtime-delivery.port.ts';
import type { SocketCloser } from '../../../domain/realtime/socket-closer.port.ts';
import { connectionIdOf } from '../../../domain/channels/socket-id.ts';

/**
 * Pusher frames to the channels API's connections, through whatever holds them: the Management API
 * on AWS, local mode's emulation of it offline. One code path for both.
 */
export class ConnectionRealtimeDelivery implements RealtimeDelivery, SocketCloser {
  private readonly connections: ConnectionNotifier & ConnectionTerminator;

  constructor(connections: ConnectionNotifier & ConnectionTerminator) {
    this.connections = connections;
  }

  async deliver(socketId: string, message: RealtimeMessage): Promise<RealtimeDeliveryOutcome> {
    const connectionId = connectionIdOf(socketId);
    if (connectionId === undefined) return 'gone';
    const frame = encodePusherFrame({ event: message.event, ...(message.channel === undefined ? {} : { channel: message.channel }), data: message.data, ...(message.userId === undefined ? {} : { user_id: message.userId }) });
    return this.connections.send(connectionId, frame);
  }

  async close(socketId: string): Promise<void> {
    const connectionId = connectionIdOf(socketId);
    if (connectionId !== undefined) await this.connections.disconnect(connectionId);
  }
}
