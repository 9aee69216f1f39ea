import type { WebhookDelivery } from './webhook.ts';

/** Where verified webhook events go for the application to act on (a log, a queue). */
export interface WebhookEventSink {
  publish(delivery: WebhookDelivery): Promise<void>;
}
