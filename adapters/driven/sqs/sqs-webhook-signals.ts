import type { SQSClient } from '@aws-sdk/client-sqs';
import { packQueueBatches } from '../../../domain/notifications/notification-queue.port.ts';
import { utf8Length } from '../../../domain/shared/validation.ts';
import { encodeWebhookSignal, type WebhookSignal } from '../../../domain/webhooks/app-webhooks.ts';
import type { WebhookSignals } from '../../../domain/webhooks/webhook-signals.port.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/retry.ts';
import { SqsMessageBatchSender } from './sqs-message-batch-sender.ts';

/** Webhook signals on the app-webhooks queue: ten a call, held back with DelaySeconds when asked. */
export class SqsWebhookSignals implements WebhookSignals {
  private readonly sender: SqsMessageBatchSender;

  constructor(client: SQSClient, queueUrl: string, retry: RetryPolicy = DEFAULT_RETRY_POLICY) {
    this.sender = new SqsMessageBatchSender(client, queueUrl, retry);
  }

  async send(signals: readonly WebhookSignal[], options: { readonly delaySeconds?: number } = {}): Promise<void> {
    for (const bodies of packQueueBatches(signals.map(encodeWebhookSignal), utf8Length)) await this.sender.send(bodies, options.delaySeconds);
  }
}
