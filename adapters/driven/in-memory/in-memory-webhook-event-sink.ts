import type { WebhookDelivery } from '../../../domain/webhooks/webhook.ts';
import type { WebhookEventSink } from '../../../domain/webhooks/webhook-event-sink.port.ts';

/** Keeps verified webhook deliveries for tests and the local gateway: the newest `capacity` of them. */
export class InMemoryWebhookEventSink implements WebhookEventSink {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly capacity: number;

  constructor(capacity = Number.POSITIVE_INFINITY) {
    this.capacity = capacity;
  }

  async publish(delivery: WebhookDelivery): Promise<void> {
    this.deliveries.push(delivery);
    if (this.deliveries.length > this.capacity) this.deliveries.shift();
  }
}
