import { Container, type ContainerModule } from 'inversify';
import { coreAdaptersModule } from './core-adapters.module.ts';
import type { RuntimeConfig } from './runtime-config.ts';

/**
 * The object graph of the functions a browser waits on while it connects (the auth path): the
 * shared adapters and only the modules named, use cases included. createContainer adds every
 * use case; this file imports none, so these functions' bundles carry none they do not name.
 */
export function createLeanContainer(config: RuntimeConfig, ...modules: ContainerModule[]): Container {
  const container = new Container();
  container.load(coreAdaptersModule(config), ...modules);
  return container;
}
