import { mapWithConcurrency } from '../shared/map-with-concurrency.ts';
import { DELIVERY_CONCURRENCY } from './channel-fan-out.ts';
import type { SocketCloser } from './socket-closer.port.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';
import type { UserSocketsTerminator } from './user-sockets-terminator.port.ts';

/** Pusher's `terminate_connections`: every socket signed in as the user is closed (its `$disconnect` cleans up). */
export class TerminateUserSockets implements UserSocketsTerminator {
  private readonly deps: { readonly registry: SubscriptionRegistry; readonly closer: SocketCloser };

  constructor(registry: SubscriptionRegistry, closer: SocketCloser) {
    this.deps = { registry, closer };
  }

  async execute(userId: string): Promise<{ readonly closed: number }> {
    const sockets = await this.deps.registry.socketsSignedInAs(userId);
    await mapWithConcurrency(sockets, DELIVERY_CONCURRENCY, (socketId) => this.deps.closer.close(socketId));
    return { closed: sockets.length };
  }

  /** As revocation calls it: the user's sockets on this stack's own channels close too. */
  async terminateUser(userId: string): Promise<void> {
    await this.execute(userId);
  }
}
