import { serverToUserChannel } from '../channels/channel-name.ts';
import type { UserEventPublisher } from '../notifications/user-event-publisher.port.ts';
import type { PublishEvent } from './publish-event.use-case.ts';

/**
 * The bridge on pushgate's own channels: a notification is published to `#server-to-user-<id>`,
 * which the user's signed-in pusher-js clients are on (what `sendToUser` does on hosted Pusher).
 */
export class PublishToUserChannel implements UserEventPublisher {
  private readonly deps: { readonly publish: PublishEvent; readonly eventName: string };

  constructor(publish: PublishEvent, eventName: string) {
    this.deps = { publish, eventName };
  }

  async publishToUser(userId: string, data: unknown): Promise<void> {
    const published = await this.deps.publish.execute({ name: this.deps.eventName, channels: [serverToUserChannel(userId)], data });
    if (!published.ok) throw new Error(`not published to ${userId}'s channel: ${published.error.message}`);
  }
}
