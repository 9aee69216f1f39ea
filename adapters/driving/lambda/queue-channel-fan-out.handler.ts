import { channelsApiModule } from '../../composition/channels-api.module.ts';
import { createContainer } from '../../composition/container.ts';
import { dynamoDbSubscriptionsModule } from '../../composition/dynamodb.module.ts';
import { buildQueueChannelFanOutHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { realtimeUseCasesModule } from '../../composition/realtime.module.ts';
import { sqsWebhookSignalsModule } from '../../composition/sqs.module.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { createPowertoolsMetrics } from './powertools-metrics.ts';

const config = await loadLambdaConfig();
const observability = { logger: createPowertoolsLogger('queue-channel-fan-out'), metrics: createPowertoolsMetrics('queue-channel-fan-out') };
// No channel fan-out queue here: what a chunk sets off (departures of the sockets it finds gone) is delivered inline.
const services = createContainer(config, dynamoDbSubscriptionsModule(config), channelsApiModule(config), sqsWebhookSignalsModule(config), realtimeUseCasesModule);
export const handler = buildQueueChannelFanOutHandler({ services, observability });
