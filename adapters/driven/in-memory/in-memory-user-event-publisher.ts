import type { UserEventPublisher } from '../../../domain/notifications/user-event-publisher.port.ts';

/** Records what would have gone to Pusher. */
export class InMemoryUserEventPublisher implements UserEventPublisher {
  readonly published: { userId: string; data: unknown }[] = [];

  async publishToUser(userId: string, data: unknown): Promise<void> {
    this.published.push({ userId, data });
  }
}
