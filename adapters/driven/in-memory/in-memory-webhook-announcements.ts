import type { WebhookAnnouncements } from '../../../domain/webhooks/webhook-announcements.port.ts';

export class InMemoryWebhookAnnouncements implements WebhookAnnouncements {
  private readonly states = new Map<string, string>();

  async lastAnnounced(key: string): Promise<string | undefined> {
    return this.states.get(key);
  }

  async recordAnnounced(key: string, state: string, expected: string | undefined): Promise<boolean> {
    if (this.states.get(key) !== expected) return false;
    this.states.set(key, state);
    return true;
  }
}
