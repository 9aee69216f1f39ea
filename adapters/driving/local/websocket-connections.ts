import type { WebSocket } from 'ws';
import type { ConnectionNotifier, DeliveryOutcome } from '../../../domain/notifications/connection-notifier.port.ts';

/** Close code API Gateway uses when it ends a connection for its timeouts or a shutdown. */
export const GOING_AWAY = 1001;

export interface LiveConnection {
  readonly socket: WebSocket;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
  lastActiveAt: number;
  idleTimer: NodeJS.Timeout;
  readonly hardTimer: NodeJS.Timeout;
  /** Settles once `$disconnect` has run for this connection. */
  readonly disconnected: Promise<void>;
}

/**
 * The connections API Gateway holds open, by connection id: what the Management API
 * (PostToConnection, GetConnection, DeleteConnection) acts on. Built before anything that
 * delivers, so a delivery always finds the real sockets.
 */
export class WebSocketConnections implements ConnectionNotifier {
  private readonly connections = new Map<string, LiveConnection>();

  get size(): number {
    return this.connections.size;
  }

  add(connectionId: string, connection: LiveConnection): void {
    this.connections.set(connectionId, connection);
  }

  delete(connectionId: string): void {
    this.connections.delete(connectionId);
  }

  /** PostToConnection. */
  post(connectionId: string, payload: string | Buffer): DeliveryOutcome {
    const connection = this.connections.get(connectionId);
    if (connection === undefined || connection.socket.readyState !== connection.socket.OPEN) return 'gone';
    connection.socket.send(payload);
    return 'delivered';
  }

  /** The ConnectionNotifier port, for the use cases local mode runs (on AWS: the Management API adapter). */
  async send(connectionId: string, payload: string): Promise<DeliveryOutcome> {
    return this.post(connectionId, payload);
  }

  /** GetConnection. */
  describe(connectionId: string): { connectedAt: number; lastActiveAt: number; sourceIp: string; userAgent: string } | undefined {
    const connection = this.connections.get(connectionId);
    return connection === undefined ? undefined : { connectedAt: connection.connectedAt, lastActiveAt: connection.lastActiveAt, sourceIp: connection.sourceIp, userAgent: connection.userAgent };
  }

  /** DeleteConnection: closes it; `$disconnect` follows. */
  disconnect(connectionId: string): boolean {
    const connection = this.connections.get(connectionId);
    if (connection === undefined) return false;
    connection.socket.close(1000, 'Connection deleted');
    return true;
  }

  /** Closes every connection and waits for each `$disconnect` to finish. */
  async closeAll(): Promise<void> {
    const pending = [...this.connections.values()].map((connection) => {
      connection.socket.close(GOING_AWAY, 'Server shutting down');
      return connection.disconnected;
    });
    await Promise.allSettled(pending);
  }
}
