import type { RealtimeDelivery, RealtimeMessage } from '../../../domain/realtime/realtime-delivery.port.ts';

/** Records what each socket was sent, for tests that run the realtime use cases without sockets. */
export class InMemoryRealtimeDelivery implements RealtimeDelivery {
  private readonly sent = new Map<string, RealtimeMessage[]>();

  deliver(socketId: string, message: RealtimeMessage): void {
    this.sent.set(socketId, [...(this.sent.get(socketId) ?? []), message]);
  }

  received(socketId: string): readonly RealtimeMessage[] {
    return this.sent.get(socketId) ?? [];
  }
}
