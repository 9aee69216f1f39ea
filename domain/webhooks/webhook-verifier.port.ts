import type { Result } from '../shared/result.ts';
import type { WebhookDelivery, WebhookRequest } from './webhook.ts';

export type WebhookRejection =
  | { readonly kind: 'InvalidSignature'; readonly message: string }
  | { readonly kind: 'MalformedWebhook'; readonly message: string };

/** Checks a webhook's key and HMAC over the raw body, then reads it. */
export interface WebhookVerifier {
  verify(request: WebhookRequest): Result<WebhookDelivery, WebhookRejection>;
}
