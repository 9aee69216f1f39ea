import { InMemoryConnectionNotifier } from '../../adapters/driven/in-memory/in-memory-connection-notifier.ts';
import { InMemoryConnectionRegistry } from '../../adapters/driven/in-memory/in-memory-connection-registry.ts';
import { InMemoryNotificationQueue } from '../../adapters/driven/in-memory/in-memory-notification-queue.ts';
import { InMemoryRefreshTokenStore } from '../../adapters/driven/in-memory/in-memory-refresh-token-store.ts';
import { ManualClock } from '../../adapters/driven/in-memory/manual-clock.ts';
import { CryptoIdGenerator } from '../../adapters/driven/crypto/crypto-id-generator.ts';
import { JoseTokenCodec } from '../../adapters/driven/jose/jose-token-codec.ts';
import type { PusherAppCredentials } from '../../domain/channels/pusher-signature.ts';
import type { AccessTokenClaims } from '../../domain/tokens/access-token.ts';
import { VerifyAccessToken } from '../../domain/tokens/verify-access-token.use-case.ts';

export const TEST_CREDENTIALS: PusherAppCredentials = {
  appId: '1',
  key: 'test-key',
  secret: 'test-secret',
  encryptionMasterKey: Buffer.from('zyrm8pvV2C9fJcBfhyXzvxbJVN/H7QLmbe0xJi1GhPU=', 'base64'),
};

export const TEST_SIGNING_KEY = { kid: 'test-1', secret: Buffer.from('a-test-signing-key-of-at-least-32-bytes!') };
export const TEST_ISSUER = 'https://pushgate.test';
export const TEST_AUDIENCE = 'pushgate-test';

/** The in-memory adapters and a real token codec around one manual clock, for unit tests. */
export function makeTestDomain() {
  const clock = new ManualClock();
  const ids = new CryptoIdGenerator();
  const codec = new JoseTokenCodec({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, keys: [TEST_SIGNING_KEY], clock });
  const verifyAccessToken = new VerifyAccessToken(codec);
  const registry = new InMemoryConnectionRegistry();
  const notifier = new InMemoryConnectionNotifier();
  const queue = new InMemoryNotificationQueue();
  const refreshTokens = new InMemoryRefreshTokenStore();
  const accessTokenFor = (userId: string, grant: Partial<Pick<AccessTokenClaims, 'channels' | 'userInfo'>> = {}, ttlSeconds = 600) =>
    codec.encode({ userId, channels: grant.channels ?? [], ...(grant.userInfo === undefined ? {} : { userInfo: grant.userInfo }), issuedAt: clock.now(), expiresAt: clock.now() + ttlSeconds * 1000 });
  return { clock, ids, codec, verifyAccessToken, registry, notifier, queue, refreshTokens, accessTokenFor };
}
