import type Pusher from 'pusher';
import type { UserSocketsTerminator } from '../../../domain/realtime/user-sockets-terminator.port.ts';

/**
 * Closes a user's Pusher sockets through the HTTP API's `terminate_connections`: hosted Pusher on
 * AWS, local mode's own Pusher server locally. The client is loaded on first use, so the function
 * that revokes (http-token) pays for the `pusher` package only when a user is revoked.
 */
export class PusherUserSocketsTerminator implements UserSocketsTerminator {
  private readonly loadClient: () => Promise<Pusher>;
  private client: Promise<Pusher> | undefined;

  constructor(loadClient: () => Promise<Pusher>) {
    this.loadClient = loadClient;
  }

  async terminateUser(userId: string): Promise<void> {
    this.client ??= this.loadClient();
    await (await this.client).terminateUserConnections(userId);
  }
}
