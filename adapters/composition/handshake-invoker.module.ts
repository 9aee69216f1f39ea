import { ContainerModule } from 'inversify';
import { LambdaHandshakeInvoker } from '../driven/lambda/lambda-handshake-invoker.ts';
import { requireAwsSetting, type RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** The greeting handed to `channels-handshake` by Lambda's asynchronous invoke (CHANNELS_HANDSHAKE_FUNCTION), with the credentials Lambda sets in `env`. */
export function lambdaHandshakeInvokerModule(config: RuntimeConfig, env: Readonly<Record<string, string | undefined>>): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SERVICE_IDS.HandshakeInvoker).toConstantValue(new LambdaHandshakeInvoker(requireAwsSetting(config, 'channelsHandshakeFunction'), env));
  });
}
