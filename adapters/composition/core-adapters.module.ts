import { ContainerModule } from 'inversify';
import { CryptoIdGenerator } from '../driven/crypto/crypto-id-generator.ts';
import { SystemClock } from '../driven/crypto/system-clock.ts';
import { JoseTokenCodec } from '../driven/jose/jose-token-codec.ts';
import { SERVICE_IDS } from './service-ids.ts';
import type { RuntimeConfig } from './runtime-config.ts';

/** Adapters every deployment shares, local or AWS: the clock, randomness and the token codec. */
export function coreAdaptersModule(config: RuntimeConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    const clock = new SystemClock();
    bind(SERVICE_IDS.RuntimeConfig).toConstantValue(config);
    bind(SERVICE_IDS.Clock).toConstantValue(clock);
    bind(SERVICE_IDS.IdGenerator).toConstantValue(new CryptoIdGenerator());
    // Resolved on first use, so functions that never handle tokens need no signing key.
    bind(SERVICE_IDS.TokenCodec)
      .toResolvedValue(() => new JoseTokenCodec({ issuer: config.tokens.issuer, audience: config.tokens.audience, keys: config.tokens.signingKeys, clock }))
      .inSingletonScope();
  });
}
