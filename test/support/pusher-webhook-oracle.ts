import type Pusher from 'pusher';
import { err, type Result } from '../../domain/shared/result.ts';
import { readWebhookDelivery, webhookMediaTypeRejection, type WebhookDelivery, type WebhookRequest } from '../../domain/webhooks/webhook.ts';
import type { WebhookRejection, WebhookVerifier } from '../../domain/webhooks/webhook-verifier.port.ts';

/**
 * Webhook validation by the `pusher` package, as an app on hosted Pusher does it: the oracle the
 * tests hold pushgate's own verifier (adapters/driven/crypto/hmac-webhook-verifier.ts) to.
 */
export class PusherWebhookVerifier implements WebhookVerifier {
  private readonly pusher: Pusher;

  constructor(pusher: Pusher) {
    this.pusher = pusher;
  }

  verify(request: WebhookRequest): Result<WebhookDelivery, WebhookRejection> {
    const unreadable = webhookMediaTypeRejection(request);
    if (unreadable !== undefined) return err(unreadable);
    // The package insists on exactly `application/json`; a charset parameter is just as valid.
    const webhook = this.pusher.webhook({ headers: { ...request.headers, 'content-type': 'application/json' }, rawBody: request.rawBody });
    if (!webhook.isValid()) {
      return err({ kind: 'InvalidSignature', message: 'the webhook key or X-Pusher-Signature is not valid' });
    }
    return readWebhookDelivery(webhook.getData());
  }
}
