import { mapWithConcurrency } from '../shared/map-with-concurrency.ts';
import { DELIVERY_CONCURRENCY } from './channel-fan-out.ts';
import type { SocketCloser } from './socket-closer.port.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';
import type { UserSocketsTerminator } from './user-sockets-terminator.port.ts';

/**
 * How long a terminated user's `pusher:signin` is refused. pusher-js reconnects about a second after
 * its socket closes and signs in again at once, with a signature the app's user-auth endpoint makes
 * afresh: without a pause, terminate_connections would be undone within a second, before the app's
 * own refusal (the session it just revoked, replicated or cached for some seconds) takes hold. A
 * minute outlasts that and pusher-js's retries; any longer would be a ban, which is the app's to
 * decide at its auth endpoint (pushgate has no way to lift one), and would keep a user who signed
 * out everywhere and back in at once from their own notifications.
 */
export const TERMINATED_USER_REFUSAL_MS = 60_000;

/**
 * Pusher's `terminate_connections`: every socket signed in as the user is closed (its `$disconnect`
 * cleans up), and the user's sign-ins are refused for TERMINATED_USER_REFUSAL_MS.
 */
export class TerminateUserSockets implements UserSocketsTerminator {
  private readonly deps: { readonly registry: SubscriptionRegistry; readonly closer: SocketCloser };

  constructor(registry: SubscriptionRegistry, closer: SocketCloser) {
    this.deps = { registry, closer };
  }

  async execute(userId: string): Promise<{ readonly closed: number }> {
    // Marked before the sockets are listed: a sign-in that the listing misses finds the mark (SignInUser checks after it signed in).
    await this.deps.registry.markTerminated(userId, TERMINATED_USER_REFUSAL_MS);
    const sockets = await this.deps.registry.socketsSignedInAs(userId);
    await mapWithConcurrency(sockets, DELIVERY_CONCURRENCY, (socketId) => this.deps.closer.close(socketId));
    return { closed: sockets.length };
  }

  /** As revocation calls it: the user's sockets on this stack's own channels close too. */
  async terminateUser(userId: string): Promise<void> {
    await this.execute(userId);
  }
}
