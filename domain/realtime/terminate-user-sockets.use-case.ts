import { mapWithConcurrency } from '../shared/map-with-concurrency.ts';
import { DELIVERY_CONCURRENCY } from './channel-fan-out.ts';
import type { SocketCloser } from './socket-closer.port.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';

/** Pusher's `terminate_connections`: every socket signed in as the user is closed (its `$disconnect` cleans up). */
export class TerminateUserSockets {
  private readonly deps: { readonly registry: SubscriptionRegistry; readonly closer: SocketCloser };

  constructor(registry: SubscriptionRegistry, closer: SocketCloser) {
    this.deps = { registry, closer };
  }

  async execute(userId: string): Promise<{ readonly closed: number }> {
    const sockets = await this.deps.registry.socketsSignedInAs(userId);
    await mapWithConcurrency(sockets, DELIVERY_CONCURRENCY, (socketId) => this.deps.closer.close(socketId));
    return { closed: sockets.length };
  }
}
