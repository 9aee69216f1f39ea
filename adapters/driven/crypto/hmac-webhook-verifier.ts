import { hmacSha256Hex } from '../../../domain/channels/pusher-signature.ts';
import { constantTimeEquals } from '../../../domain/shared/constant-time.ts';
import { err, type Result } from '../../../domain/shared/result.ts';
import { parseJsonOrUndefined } from '../../../domain/shared/json.ts';
import { readWebhookDelivery, webhookMediaTypeRejection, type WebhookDelivery, type WebhookRequest } from '../../../domain/webhooks/webhook.ts';
import type { WebhookRejection, WebhookVerifier } from '../../../domain/webhooks/webhook-verifier.port.ts';

export interface HmacWebhookVerifierDeps {
  /** The app's key, which Pusher sends in X-Pusher-Key, and its secret, which signs the body. */
  readonly key: string;
  readonly secret: string;
}

/**
 * Pusher's webhook check with `node:crypto`: X-Pusher-Key is the app's key and X-Pusher-Signature
 * the hex HMAC-SHA256 of the raw body with its secret, both compared in constant time. The same
 * answers as the `pusher` package (the tests hold them side by side), without loading it.
 */
export class HmacWebhookVerifier implements WebhookVerifier {
  private readonly deps: HmacWebhookVerifierDeps;

  constructor(deps: HmacWebhookVerifierDeps) {
    this.deps = deps;
  }

  verify(request: WebhookRequest): Result<WebhookDelivery, WebhookRejection> {
    const unreadable = webhookMediaTypeRejection(request);
    if (unreadable !== undefined) return err(unreadable);
    const key = request.headers['x-pusher-key'] ?? '';
    const signature = request.headers['x-pusher-signature'] ?? '';
    // Both compared, whichever is wrong: the time taken tells nothing about which.
    const keyMatches = constantTimeEquals(key, this.deps.key);
    const signatureMatches = constantTimeEquals(signature, hmacSha256Hex(this.deps.secret, request.rawBody));
    // Parsed only once signed (an unsigned body, up to Lambda's 6 MB, is never read); like the package,
    // a body that is not JSON is refused as unsigned: Pusher never sends one.
    const data = keyMatches && signatureMatches ? parseJsonOrUndefined(request.rawBody) : undefined;
    if (data === undefined) {
      return err({ kind: 'InvalidSignature', message: 'the webhook key or X-Pusher-Signature is not valid' });
    }
    return readWebhookDelivery(data);
  }
}
