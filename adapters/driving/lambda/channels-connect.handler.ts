import { ContainerModule } from 'inversify';
import { createContainer } from '../../composition/container.ts';
import { buildChannelsConnectHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { requireAwsSetting } from '../../composition/runtime-config.ts';
import { SERVICE_IDS } from '../../composition/service-ids.ts';
import { LambdaHandshakeInvoker } from '../../driven/lambda/lambda-handshake-invoker.ts';
import { loggingOnlyObservability } from './powertools-logger.ts';

// No table and no SDK client: the handshake's latency starts here.
const config = await loadLambdaConfig();
const observability = loggingOnlyObservability('channels-connect');
const invoker = new ContainerModule(({ bind }) => {
  bind(SERVICE_IDS.HandshakeInvoker).toConstantValue(new LambdaHandshakeInvoker(requireAwsSetting(config, 'channelsHandshakeFunction'), process.env));
});
const services = createContainer(config, invoker);
export const handler = buildChannelsConnectHandler({ services, observability });
