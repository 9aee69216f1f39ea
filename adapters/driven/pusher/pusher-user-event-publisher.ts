import type Pusher from 'pusher';
import type { UserEventPublisher } from '../../../domain/notifications/user-event-publisher.port.ts';

/** The Pusher bridge: a notification goes to the user's signed-in Pusher clients with `sendToUser`. */
export class PusherUserEventPublisher implements UserEventPublisher {
  private readonly deps: { readonly pusher: Pusher; readonly eventName: string };

  constructor(pusher: Pusher, eventName: string) {
    this.deps = { pusher, eventName };
  }

  async publishToUser(userId: string, data: unknown): Promise<void> {
    await this.deps.pusher.sendToUser(userId, this.deps.eventName, data);
  }
}
