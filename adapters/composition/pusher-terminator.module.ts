import { ContainerModule } from 'inversify';
import { PusherUserSocketsTerminator } from '../driven/pusher/pusher-user-sockets-terminator.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** Revoking a user closes their Pusher sockets too; the `pusher` package loads only when that happens. */
export function pusherTerminatorModule(config: RuntimeConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SERVICE_IDS.UserSocketsTerminator).toConstantValue(new PusherUserSocketsTerminator(async () => (await import('./pusher.module.ts')).createPusherClient(config)));
  });
}
