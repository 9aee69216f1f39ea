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
