import { ContainerModule } from 'inversify';
import { HmacWebhookVerifier } from '../driven/crypto/hmac-webhook-verifier.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** Pusher's webhook check with `node:crypto` (no `pusher` package to load); the same adapter serves Lambda and local mode. */
export function webhookVerifierModule(config: RuntimeConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    // Resolved on first use: only the functions that receive webhooks need the app secret.
    bind(SERVICE_IDS.WebhookVerifier).toResolvedValue(() => new HmacWebhookVerifier({ key: config.pusher.key, secret: config.pusher.secret })).inSingletonScope();
  });
}
