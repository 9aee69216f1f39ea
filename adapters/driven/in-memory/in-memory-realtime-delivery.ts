import type { RealtimeDelivery, RealtimeDeliveryOutcome, RealtimeMessage } from '../../../domain/realtime/realtime-delivery.port.ts';
import type { SocketCloser } from '../../../domain/realtime/socket-closer.port.ts';

/** Records what each socket was sent and which were closed, for tests that run the realtime use cases without sockets. */
export class InMemoryRealtimeDelivery implements RealtimeDelivery, SocketCloser {
  private readonly sent = new Map<string, RealtimeMessage[]>();
  /** Sockets that answer `gone`, as API Gateway does for a connection that left without a `$disconnect`. */
  readonly gone = new Set<string>();
  readonly closed: string[] = [];

  async deliver(socketId: string, message: RealtimeMessage): Promise<RealtimeDeliveryOutcome> {
    if (this.gone.has(socketId)) return 'gone';
    this.sent.set(socketId, [...(this.sent.get(socketId) ?? []), message]);
    return 'delivered';
  }

  async close(socketId: string): Promise<void> {
    this.closed.push(socketId);
    this.gone.add(socketId);
  }

  received(socketId: string): readonly RealtimeMessage[] {
    return this.sent.get(socketId) ?? [];
  }
}
