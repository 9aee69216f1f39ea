import type Pusher from 'pusher';
import type { UserEventPublisher } from '../../../domain/notifications/user-event-publisher.port.ts';

/** The Pusher bridge: a notification goes to the user's signed-in Pusher clients with `sendToUser`. */
export class PusherUserEventPublisher implements UserEventPublisher {
  private readonly pusher: Pusher;
  private readonly eventName: string;

  constructor(pusher: Pusher, eventName: string) {
    this.pusher = pusher;
    this.eventName = eventName;
  }

  async publishToUser(userId: string, data: unknown): Promise<void> {
    await this.pusher.sendToUser(userId, this.eventName, data);
  }
}
