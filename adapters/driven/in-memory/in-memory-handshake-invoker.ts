import type { ChannelsHandshakeEvent, HandshakeInvoker } from '../../../domain/realtime/handshake-invoker.port.ts';

/** Records the handshakes `channels-connect` hands on, for tests. */
export class InMemoryHandshakeInvoker implements HandshakeInvoker {
  readonly invoked: ChannelsHandshakeEvent[] = [];

  async invoke(event: ChannelsHandshakeEvent): Promise<void> {
    this.invoked.push(event);
  }
}
