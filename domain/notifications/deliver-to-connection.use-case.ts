import type { ConnectionRegistry } from '../connections/connection-registry.port.ts';
import type { ConnectionNotifier, DeliveryOutcome } from './connection-notifier.port.ts';
import { encodeNotificationData, type ConnectionNotification } from './notification.ts';

/** Delivers one notification; a gone connection is removed and the message counts as delivered. */
export class DeliverToConnection {
  private readonly deps: { readonly notifier: ConnectionNotifier; readonly registry: ConnectionRegistry };

  constructor(notifier: ConnectionNotifier, registry: ConnectionRegistry) {
    this.deps = { notifier, registry };
  }

  /** Takes a notification already checked (by the queue worker's decoder, or by FanOutToUser's). */
  async execute(notification: ConnectionNotification): Promise<DeliveryOutcome> {
    const { connectionId, data } = notification;
    const outcome = await this.deps.notifier.send(connectionId, encodeNotificationData(data));
    if (outcome === 'gone') await this.deps.registry.remove(connectionId);
    return outcome;
  }
}
