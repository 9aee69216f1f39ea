import type { Container, ContainerModule } from 'inversify';
import { accessTokenUseCasesModule } from './access-token-use-cases.module.ts';
import { createLeanContainer } from './lean-container.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { useCasesModule } from './use-cases.module.ts';

/**
 * The one place the object graph is put together; call once per process (cold start). Callers
 * name the port modules they need, so a Lambda bundle carries only the clients it really calls.
 * Every use case is bound (the auth path's functions name theirs: lean-container.ts).
 */
export function createContainer(config: RuntimeConfig, ...portModules: ContainerModule[]): Container {
  return createLeanContainer(config, ...portModules, accessTokenUseCasesModule, useCasesModule);
}
