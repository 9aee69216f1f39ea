import { channelsApiModule } from '../../composition/channels-api.module.ts';
import { createContainer } from '../../composition/container.ts';
import { dynamoDbSubscriptionsModule } from '../../composition/dynamodb.module.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { realtimeUseCasesModule } from '../../composition/realtime.module.ts';
import { SERVICE_IDS } from '../../composition/service-ids.ts';
import { instrumented } from './observability.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { createPowertoolsMetrics } from './powertools-metrics.ts';
import { makeQueueChannelFanOutHandler } from './queue-channel-fan-out.ts';

const config = await loadLambdaConfig();
const observability = { logger: createPowertoolsLogger('queue-channel-fan-out'), metrics: createPowertoolsMetrics('queue-channel-fan-out') };
// No channel fan-out queue here: what a chunk sets off (departures of the sockets it finds gone) is delivered inline.
const services = createContainer(config, dynamoDbSubscriptionsModule(config), channelsApiModule(config), realtimeUseCasesModule);
// Built here until handler-table.ts has buildQueueChannelFanOutHandler (then: `export const handler = buildQueueChannelFanOutHandler({ services, observability });`).
export const handler = instrumented(observability, makeQueueChannelFanOutHandler({ channelFanOut: services.get(SERVICE_IDS.ChannelFanOut), ...observability }));
