import { Container, type ContainerModule } from 'inversify';
import { coreAdaptersModule } from './core-adapters.module.ts';
import { inMemoryAdaptersModule, type InMemoryOverrides } from './in-memory.module.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { useCasesModule } from './use-cases.module.ts';

/** The one place the object graph is put together; call once per process (cold start). */
export function createContainer(config: RuntimeConfig, portAdapters: ContainerModule): Container {
  const container = new Container();
  container.load(coreAdaptersModule(config), portAdapters, useCasesModule);
  return container;
}

export function createInMemoryContainer(config: RuntimeConfig, overrides: InMemoryOverrides = {}): Container {
  return createContainer(config, inMemoryAdaptersModule(overrides));
}
