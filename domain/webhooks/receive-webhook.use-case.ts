import { createHash } from 'node:crypto';
import type { Clock } from '../shared/clock.port.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { WebhookRequest } from './webhook.ts';
import type { ReplayGuard } from './replay-guard.port.ts';
import type { WebhookEventSink } from './webhook-event-sink.port.ts';
import type { WebhookRejection, WebhookVerifier } from './webhook-verifier.port.ts';

export type ReceiveWebhookError = WebhookRejection | { readonly kind: 'StaleWebhook'; readonly message: string };

/** How far `time_ms` may be from now: beyond it a captured webhook is treated as a replay. */
export const WEBHOOK_MAX_AGE_MS = 5 * 60 * 1000;

export interface ReceivedWebhook {
  readonly events: number;
  /** False for a replay: answered like the first delivery, but its events are not handed on again. */
  readonly handedOn: boolean;
}

/**
 * Accepts a webhook only when Pusher signed it, recently, and hands its events on once. A replay
 * of a valid webhook inside its window (the same body, so the same signature) is answered 200, as
 * a retry must be, but not handed on again. If handing on fails, the webhook is forgotten, so
 * Pusher's retry of it is taken as new rather than lost.
 */
export class ReceiveWebhook {
  private readonly verifier: WebhookVerifier;
  private readonly sink: WebhookEventSink;
  private readonly clock: Clock;
  private readonly replays: ReplayGuard;

  constructor(verifier: WebhookVerifier, sink: WebhookEventSink, clock: Clock, replays: ReplayGuard) {
    this.verifier = verifier;
    this.sink = sink;
    this.clock = clock;
    this.replays = replays;
  }

  async execute(request: WebhookRequest): Promise<Result<ReceivedWebhook, ReceiveWebhookError>> {
    const delivery = this.verifier.verify(request);
    if (!delivery.ok) return delivery;
    if (Math.abs(this.clock.now() - delivery.value.timeMs) > WEBHOOK_MAX_AGE_MS) {
      return err({ kind: 'StaleWebhook', message: `time_ms is more than ${WEBHOOK_MAX_AGE_MS / 60_000} minutes from now` });
    }
    const events = delivery.value.events.length;
    // Beyond this, the same webhook is refused as stale, so nothing needs remembering longer.
    const key = replayKey(request.headers['x-pusher-signature'] ?? '');
    if (!(await this.replays.firstSeen(key, delivery.value.timeMs + WEBHOOK_MAX_AGE_MS))) return ok({ events, handedOn: false });
    try {
      await this.sink.publish(delivery.value);
    } catch (error) {
      await this.replays.forget(key);
      throw error;
    }
    return ok({ events, handedOn: true });
  }
}

/** The SHA-256 of the (verified) signature: the signature covers the whole body, so one body, one key. */
function replayKey(signature: string): string {
  return createHash('sha256').update(signature, 'utf8').digest('hex');
}
