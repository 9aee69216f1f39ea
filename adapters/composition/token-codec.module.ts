import { ContainerModule } from 'inversify';
import type { Clock } from '../../domain/shared/clock.port.ts';
import { JoseTokenCodec } from '../driven/jose/jose-token-codec.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/**
 * Signing and verifying access tokens (jose). Only the functions that handle tokens load this
 * module, so the others carry no jose; resolved on first use, so it needs a signing key only then.
 */
export function tokenCodecModule(config: RuntimeConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SERVICE_IDS.TokenCodec)
      .toResolvedValue((clock: Clock) => new JoseTokenCodec({ issuer: config.tokens.issuer, audience: config.tokens.audience, keys: config.tokens.signingKeys, clock }), [SERVICE_IDS.Clock])
      .inSingletonScope();
  });
}
