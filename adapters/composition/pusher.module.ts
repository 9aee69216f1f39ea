import { ContainerModule } from 'inversify';
import Pusher from 'pusher';
import { PusherWebhookVerifier } from '../driven/pusher/pusher-webhook-verifier.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** The `pusher` package, pointed at Pusher's cluster or at a Pusher-compatible host (local mode). */
export function createPusherClient(config: RuntimeConfig): Pusher {
  const { appId, key, secret, cluster, encryptionMasterKey } = config.pusher;
  return new Pusher({
    appId,
    key,
    secret,
    ...(config.pusherApi === undefined ? { cluster } : config.pusherApi),
    ...(encryptionMasterKey === undefined ? {} : { encryptionMasterKeyBase64: Buffer.from(encryptionMasterKey).toString('base64') }),
  } as Pusher.Options);
}

/** Webhook validation needs no network: the same adapter serves Lambda and local mode. */
export function pusherWebhookModule(config: RuntimeConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SERVICE_IDS.WebhookVerifier).toResolvedValue(() => new PusherWebhookVerifier(createPusherClient(config))).inSingletonScope();
  });
}
