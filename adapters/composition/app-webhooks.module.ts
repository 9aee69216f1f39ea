import { ContainerModule } from 'inversify';
import type { AppWebhookSender } from '../../domain/webhooks/app-webhook-sender.port.ts';
import { FetchAppWebhookSender } from '../driven/http/fetch-app-webhook-sender.ts';
import { ConfigurationError, type RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** The app's webhook endpoint (PUSHER_WEBHOOK_URL); without one, a post is a configuration error (nothing signals then). */
export function appWebhookSenderModule(config: RuntimeConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    const url = config.pusherWebhookUrl;
    const refusing: AppWebhookSender = {
      post: async () => {
        throw new ConfigurationError('invalid configuration: PUSHER_WEBHOOK_URL is required by this function');
      },
    };
    bind(SERVICE_IDS.AppWebhookSender).toConstantValue(url === undefined ? refusing : new FetchAppWebhookSender(url));
  });
}
