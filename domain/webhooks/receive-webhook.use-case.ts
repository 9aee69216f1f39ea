import type { Clock } from '../shared/clock.port.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { WebhookRequest } from './webhook.ts';
import type { WebhookEventSink } from './webhook-event-sink.port.ts';
import type { WebhookRejection, WebhookVerifier } from './webhook-verifier.port.ts';

export type ReceiveWebhookError = WebhookRejection | { readonly kind: 'StaleWebhook'; readonly message: string };

/** How far `time_ms` may be from now: beyond it a captured webhook is treated as a replay. */
export const WEBHOOK_MAX_AGE_MS = 5 * 60 * 1000;

/** Accepts a webhook only when Pusher signed it, recently, and hands its events on. */
export class ReceiveWebhook {
  private readonly verifier: WebhookVerifier;
  private readonly sink: WebhookEventSink;
  private readonly clock: Clock;

  constructor(verifier: WebhookVerifier, sink: WebhookEventSink, clock: Clock) {
    this.verifier = verifier;
    this.sink = sink;
    this.clock = clock;
  }

  async execute(request: WebhookRequest): Promise<Result<{ readonly events: number }, ReceiveWebhookError>> {
    const delivery = this.verifier.verify(request);
    if (!delivery.ok) return delivery;
    if (Math.abs(this.clock.now() - delivery.value.timeMs) > WEBHOOK_MAX_AGE_MS) {
      return err({ kind: 'StaleWebhook', message: `time_ms is more than ${WEBHOOK_MAX_AGE_MS / 60_000} minutes from now` });
    }
    await this.sink.publish(delivery.value);
    return ok({ events: delivery.value.events.length });
  }
}
