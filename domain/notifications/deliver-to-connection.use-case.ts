import type { ConnectionRegistry } from '../connections/connection-registry.port.ts';
import { ok, type Result } from '../shared/result.ts';
import type { ConnectionNotifier, DeliveryOutcome } from './connection-notifier.port.ts';
import { encodeNotificationData, parseConnectionNotification, type InvalidNotification } from './notification.ts';

/** Delivers one notification; a gone connection is removed and the message counts as delivered. */
export class DeliverToConnection {
  private readonly notifier: ConnectionNotifier;
  private readonly registry: ConnectionRegistry;

  constructor(notifier: ConnectionNotifier, registry: ConnectionRegistry) {
    this.notifier = notifier;
    this.registry = registry;
  }

  async execute(message: unknown): Promise<Result<DeliveryOutcome, InvalidNotification>> {
    const notification = parseConnectionNotification(message);
    if (!notification.ok) return notification;
    const { connectionId, data } = notification.value;
    const outcome = await this.notifier.send(connectionId, encodeNotificationData(data));
    if (outcome === 'gone') await this.registry.remove(connectionId);
    return ok(outcome);
  }
}
