import { ContainerModule } from 'inversify';
import { CryptoIdGenerator } from '../driven/crypto/crypto-id-generator.ts';
import { SystemClock } from '../driven/crypto/system-clock.ts';
import { SERVICE_IDS } from './service-ids.ts';
import type { RuntimeConfig } from './runtime-config.ts';

/** Adapters every deployment shares, local or AWS: the clock and randomness (the token codec is in token-codec.module.ts). */
export function coreAdaptersModule(config: RuntimeConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SERVICE_IDS.RuntimeConfig).toConstantValue(config);
    bind(SERVICE_IDS.Clock).toConstantValue(new SystemClock());
    bind(SERVICE_IDS.IdGenerator).toConstantValue(new CryptoIdGenerator());
  });
}
