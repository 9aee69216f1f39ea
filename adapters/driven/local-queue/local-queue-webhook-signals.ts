import { encodeWebhookSignal, type WebhookSignal } from '../../../domain/webhooks/app-webhooks.ts';
import type { WebhookSignals } from '../../../domain/webhooks/webhook-signals.port.ts';

/** What this adapter needs of a queue: SendMessage with a delay. */
export interface DelayingQueueSender {
  send(body: string, delayMs?: number): string;
}

/** The app-webhooks queue in local mode: the bodies the SQS adapter sends, delayed as SQS delays them. */
export class LocalQueueWebhookSignals implements WebhookSignals {
  private readonly queue: DelayingQueueSender;

  constructor(queue: DelayingQueueSender) {
    this.queue = queue;
  }

  async send(signals: readonly WebhookSignal[], options: { readonly delaySeconds?: number } = {}): Promise<void> {
    for (const signal of signals) this.queue.send(encodeWebhookSignal(signal), (options.delaySeconds ?? 0) * 1000);
  }
}
