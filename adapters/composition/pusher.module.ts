import Pusher from 'pusher';
import type { RuntimeConfig } from './runtime-config.ts';

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

