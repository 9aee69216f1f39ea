import { APP_WEBHOOK_LIMITS } from '../../../domain/webhooks/app-webhooks.ts';
import type { AppWebhookSender } from '../../../domain/webhooks/app-webhook-sender.port.ts';

/** The app's webhook endpoint over fetch: a 2xx within 4 s is success, as Pusher counts it; anything else throws (the queue retries). */
export class FetchAppWebhookSender implements AppWebhookSender {
  private readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  async post(body: string, headers: Readonly<Record<string, string>>): Promise<void> {
    const response = await fetch(this.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(APP_WEBHOOK_LIMITS.timeoutMs), redirect: 'manual' });
    await response.body?.cancel();
    if (response.status < 200 || response.status > 299) throw new Error(`the app's webhook endpoint answered ${response.status}`);
  }
}
