import type { ConnectionTerminator } from '../../../domain/connections/connection-terminator.port.ts';
import type { ConnectionNotifier, DeliveryOutcome } from '../../../domain/notifications/connection-notifier.port.ts';

/** Connections that are "open" collect what is sent to them; any other id is gone, as API Gateway says 410. */
export class InMemoryConnectionNotifier implements ConnectionNotifier, ConnectionTerminator {
  private readonly inboxes = new Map<string, string[]>();
  /** Every DeleteConnection asked for, in order. */
  readonly disconnected: string[] = [];

  open(connectionId: string): void {
    if (!this.inboxes.has(connectionId)) this.inboxes.set(connectionId, []);
  }

  close(connectionId: string): void {
    this.inboxes.delete(connectionId);
  }

  received(connectionId: string): readonly string[] {
    return this.inboxes.get(connectionId) ?? [];
  }

  async send(connectionId: string, payload: string): Promise<DeliveryOutcome> {
    const inbox = this.inboxes.get(connectionId);
    if (inbox === undefined) return 'gone';
    inbox.push(payload);
    return 'delivered';
  }

  async disconnect(connectionId: string): Promise<void> {
    this.disconnected.push(connectionId);
    this.inboxes.delete(connectionId);
  }
}
