import type { ChannelsHandshakeEvent, HandshakeInvoker } from '../../../domain/realtime/handshake-invoker.port.ts';

/**
 * Lambda's asynchronous invoke, in one process: `invoke` returns at once and the target runs after,
 * as `InvocationType: Event` does. The target is given once the handlers exist (they are built over
 * the object graph this invoker is part of); an invoke before that throws rather than drop the event.
 */
export class LocalAsyncInvoker implements HandshakeInvoker {
  private target: ((event: ChannelsHandshakeEvent) => Promise<unknown>) | undefined;
  private readonly onError: (error: unknown, where: string) => void;

  constructor(onError: (error: unknown, where: string) => void) {
    this.onError = onError;
  }

  runs(target: (event: ChannelsHandshakeEvent) => Promise<unknown>): void {
    if (this.target !== undefined) throw new Error('the invoker already has a target');
    this.target = target;
  }

  async invoke(event: ChannelsHandshakeEvent): Promise<void> {
    const target = this.target;
    if (target === undefined) throw new Error('nothing to invoke yet: give the invoker its target first');
    setImmediate(() => void target(event).catch((error: unknown) => this.onError(error, 'channels-handshake')));
  }
}
