import type { AppWebhookSender } from '../../../domain/webhooks/app-webhook-sender.port.ts';

/** Records the webhook requests an app would receive, for tests. */
export class InMemoryAppWebhookSender implements AppWebhookSender {
  readonly posted: { readonly body: string; readonly headers: Readonly<Record<string, string>> }[] = [];

  async post(body: string, headers: Readonly<Record<string, string>>): Promise<void> {
    this.posted.push({ body, headers });
  }
}
