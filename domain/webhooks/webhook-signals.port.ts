import type { WebhookSignal } from './app-webhooks.ts';

/** Hands webhook signals to the worker (on AWS: SQS); `delaySeconds` holds them back first. */
export interface WebhookSignals {
  send(signals: readonly WebhookSignal[], options?: { readonly delaySeconds?: number }): Promise<void>;
}
