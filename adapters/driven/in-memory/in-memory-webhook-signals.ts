import type { WebhookSignal } from '../../../domain/webhooks/app-webhooks.ts';
import type { WebhookSignals } from '../../../domain/webhooks/webhook-signals.port.ts';

/** Records the webhook signals sent, with their delay, for tests. */
export class InMemoryWebhookSignals implements WebhookSignals {
  readonly sent: { readonly signal: WebhookSignal; readonly delaySeconds: number }[] = [];

  async send(signals: readonly WebhookSignal[], options: { readonly delaySeconds?: number } = {}): Promise<void> {
    for (const signal of signals) this.sent.push({ signal, delaySeconds: options.delaySeconds ?? 0 });
  }
}
