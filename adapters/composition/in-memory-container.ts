import type { Container, ContainerModule } from 'inversify';
import { createContainer } from './container.ts';
import { inMemoryAdaptersModule, type InMemoryOverrides } from './in-memory.module.ts';
import { realtimeUseCasesModule } from './realtime.module.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { tokenCodecModule } from './token-codec.module.ts';
import { webhookVerifierModule } from './webhook-verifier.module.ts';

/** Every port in memory (tests and benchmarks); webhooks are verified as on Lambda. */
export function createInMemoryContainer(config: RuntimeConfig, overrides: InMemoryOverrides = {}, ...extraModules: ContainerModule[]): Container {
  return createContainer(config, tokenCodecModule(config), inMemoryAdaptersModule(overrides), webhookVerifierModule(config), realtimeUseCasesModule, ...extraModules);
}
