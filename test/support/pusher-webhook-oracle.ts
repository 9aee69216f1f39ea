import type Pusher from 'pusher';
import { isPlainObject } from '../../domain/shared/validation.ts';
import { err, ok, type Result } from '../../domain/shared/result.ts';
import type { WebhookDelivery, WebhookEvent, WebhookRequest } from '../../domain/webhooks/webhook.ts';
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
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      return err({ kind: 'MalformedWebhook', message: 'webhooks are application/json' });
    }
    // The package insists on exactly `application/json`; a charset parameter is just as valid.
    const webhook = this.pusher.webhook({ headers: { ...request.headers, 'content-type': 'application/json' }, rawBody: request.rawBody });
    if (!webhook.isValid()) {
      return err({ kind: 'InvalidSignature', message: 'the webhook key or X-Pusher-Signature is not valid' });
    }
    const data: unknown = webhook.getData();
    if (!isPlainObject(data) || typeof data['time_ms'] !== 'number' || !Array.isArray(data['events'])) {
      return err({ kind: 'MalformedWebhook', message: 'the webhook body needs time_ms and events' });
    }
    const events = data['events'].filter((event): event is WebhookEvent => isPlainObject(event) && typeof event['name'] === 'string');
    return ok({ timeMs: data['time_ms'], events });
  }
}
