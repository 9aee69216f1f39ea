import type { WebhookDelivery } from '../../../domain/webhooks/webhook.ts';
import type { WebhookEventSink } from '../../../domain/webhooks/webhook-event-sink.port.ts';

/** Keeps verified webhook deliveries for tests and the local gateway. */
export class InMemoryWebhookEventSink implements WebhookEventSink {
  readonly deliveries: WebhookDelivery[] = [];

  async publish(delivery: WebhookDelivery): Promise<void> {
    this.deliveries.push(delivery);
  }
}
