import { ContainerModule } from 'inversify';
import type { ConnectionTerminator } from '../../domain/connections/connection-terminator.port.ts';
import { onFirstUse } from './on-first-use.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/**
 * Closing connections for a function that rarely does (http-token, on a user's revocation): the
 * Management API client is loaded on the first close, so no cold start pays for it.
 */
export function lazyConnectionTerminatorModule(config: RuntimeConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    const terminator = onFirstUse(async () => (await import('./apigateway.module.ts')).createManagementApiClient(config));
    bind(SERVICE_IDS.ConnectionTerminator).toConstantValue({ disconnect: async (connectionId) => (await terminator()).disconnect(connectionId) } satisfies ConnectionTerminator);
  });
}
