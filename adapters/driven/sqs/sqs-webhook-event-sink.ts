import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WebhookDelivery } from '../../../domain/webhooks/webhook.ts';
import type { WebhookEventSink } from '../../../domain/webhooks/webhook-event-sink.port.ts';

/** Verified webhook deliveries on a queue of the application's, one message per webhook call. */
export class SqsWebhookEventSink implements WebhookEventSink {
  private readonly deps: { readonly client: SQSClient; readonly queueUrl: string };

  constructor(client: SQSClient, queueUrl: string) {
    this.deps = { client, queueUrl };
  }

  async publish(delivery: WebhookDelivery): Promise<void> {
    await this.deps.client.send(new SendMessageCommand({ QueueUrl: this.deps.queueUrl, MessageBody: JSON.stringify({ time_ms: delivery.timeMs, events: delivery.events }) }));
  }
}
