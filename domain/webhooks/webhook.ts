import { err, ok, type Result } from '../shared/result.ts';
import { isPlainObject } from '../shared/validation.ts';
import type { WebhookRejection } from './webhook-verifier.port.ts';

/** The events Pusher posts to a webhook, as its body's `events` list carries them. */
export interface WebhookEvent {
  readonly name: string;
  readonly channel?: string;
  readonly [field: string]: unknown;
}

/** One verified webhook call. */
export interface WebhookDelivery {
  /** When Pusher sent it, milliseconds since the epoch (`time_ms`). */
  readonly timeMs: number;
  readonly events: readonly WebhookEvent[];
}

/** The HTTP request as it arrived: header names in lower case, the body untouched. */
export interface WebhookRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: string;
}

/** Pusher posts `application/json`; a charset parameter is just as valid. */
export function webhookMediaTypeRejection(request: WebhookRequest): WebhookRejection | undefined {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json' ? undefined : { kind: 'MalformedWebhook', message: 'webhooks are application/json' };
}

/** A signed body read as a delivery: `time_ms` and the events that have a name. */
export function readWebhookDelivery(data: unknown): Result<WebhookDelivery, WebhookRejection> {
  if (!isPlainObject(data) || typeof data['time_ms'] !== 'number' || !Array.isArray(data['events'])) {
    return err({ kind: 'MalformedWebhook', message: 'the webhook body needs time_ms and events' });
  }
  const events = data['events'].filter((event): event is WebhookEvent => isPlainObject(event) && typeof event['name'] === 'string');
  return ok({ timeMs: data['time_ms'], events });
}
