import type { ChannelsHandshakeEvent, HandshakeInvoker } from '../../driving/lambda/channels-handshake-event.ts';

/** Records the handshakes `channels-connect` hands on, for tests. */
export class InMemoryHandshakeInvoker implements HandshakeInvoker {
  readonly invoked: ChannelsHandshakeEvent[] = [];

  async invoke(event: ChannelsHandshakeEvent): Promise<void> {
    this.invoked.push(event);
  }
}
