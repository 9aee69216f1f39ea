import { buildChannelsConnectHandler } from '../../composition/handler-table.ts';
import { lambdaHandshakeInvokerModule } from '../../composition/handshake-invoker.module.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { createLeanContainer } from '../../composition/lean-container.ts';
import { loggingOnlyObservability } from './powertools-logger.ts';

// No table and no SDK client: the handshake's latency starts here.
const config = await loadLambdaConfig();
const observability = loggingOnlyObservability('channels-connect');
const services = createLeanContainer(config, lambdaHandshakeInvokerModule(config, process.env));
export const handler = buildChannelsConnectHandler({ services, observability });
