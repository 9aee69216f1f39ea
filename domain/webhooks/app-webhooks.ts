import { parseChannelName } from '../channels/channel-name.ts';
import { PRESENCE_LIMITS } from '../channels/pusher-protocol.ts';
import { hmacSha256Hex } from '../channels/pusher-signature.ts';
import { parseJsonObject } from '../shared/json.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { isNonEmptyString } from '../shared/validation.ts';
import type { WebhookEvent } from './webhook.ts';

/**
 * Webhooks pushgate sends when it is the Pusher server, as Pusher sends them: a POST of
 * `{"time_ms","events"}` signed with the app secret, at most 20 events a request, answered within
 * 4 s. A member who leaves and is back within 3 s produces neither event.
 */
export const APP_WEBHOOK_LIMITS = { eventsPerRequest: 20, timeoutMs: 4_000, memberLeaveDelaySeconds: 3 } as const;

/**
 * What the socket path hands the webhook worker, through a queue so a socket never waits on the
 * app: facts to check against the registry when the worker runs (did the channel become occupied or
 * vacated, did the user join or leave), or an event to send as it is.
 */
export type WebhookSignal =
  | { readonly kind: 'occupancy'; readonly channel: string }
  | { readonly kind: 'presence'; readonly channel: string; readonly userId: string }
  | { readonly kind: 'event'; readonly event: WebhookEvent };

export function encodeWebhookSignal(signal: WebhookSignal): string {
  return JSON.stringify(signal);
}

export function decodeWebhookSignal(body: string): Result<WebhookSignal, string> {
  const message = parseJsonObject(body);
  if (message === undefined) return err('a webhook signal is a JSON object');
  const channel = message['channel'];
  switch (message['kind']) {
    case 'occupancy':
      return parseChannelName(channel).ok ? ok({ kind: 'occupancy', channel: channel as string }) : err('an occupancy signal names a valid channel');
    case 'presence':
      if (!parseChannelName(channel).ok || !isNonEmptyString(message['userId'], PRESENCE_LIMITS.userIdLength)) return err('a presence signal names a valid channel and a user id');
      return ok({ kind: 'presence', channel: channel as string, userId: message['userId'] as string });
    case 'event': {
      const event = message['event'] as Record<string, unknown> | undefined;
      if (typeof event !== 'object' || event === null || !isNonEmptyString(event['name'], 64)) return err('an event signal carries an event with a name');
      return ok({ kind: 'event', event: event as WebhookEvent });
    }
    default:
      return err('a webhook signal is of kind occupancy, presence or event');
  }
}

/** The request body Pusher posts. */
export function appWebhookBody(events: readonly WebhookEvent[], timeMs: number): string {
  return JSON.stringify({ time_ms: timeMs, events });
}

/** `X-Pusher-Signature`: the lower-case hex HMAC-SHA256 of the raw body, keyed with the app secret. */
export function appWebhookSignature(secret: string, body: string): string {
  return hmacSha256Hex(secret, body);
}
