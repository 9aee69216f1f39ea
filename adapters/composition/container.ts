import { Container, type ContainerModule } from 'inversify';
import { coreAdaptersModule } from './core-adapters.module.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { useCasesModule } from './use-cases.module.ts';

/**
 * The one place the object graph is put together; call once per process (cold start). Callers
 * name the port modules they need, so a Lambda bundle carries only the clients it really calls.
 */
export function createContainer(config: RuntimeConfig, ...portModules: ContainerModule[]): Container {
  const container = new Container();
  container.load(coreAdaptersModule(config), ...portModules, useCasesModule);
  return container;
}
