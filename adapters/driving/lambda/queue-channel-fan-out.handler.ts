import { channelsApiModule } from '../../composition/channels-api.module.ts';
import { createContainer } from '../../composition/container.ts';
import { dynamoDbSubscriptionsModule } from '../../composition/dynamodb.module.ts';
import { buildQueueChannelFanOutHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { realtimeUseCasesModule } from '../../composition/realtime.module.ts';
import { sqsChannelFanOutModule, sqsWebhookSignalsModule } from '../../composition/sqs.module.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { createPowertoolsMetrics } from './powertools-metrics.ts';

const config = await loadLambdaConfig();
const observability = { logger: createPowertoolsLogger('queue-channel-fan-out'), metrics: createPowertoolsMetrics('queue-channel-fan-out') };
// What a chunk sets off (the departures of the sockets it finds gone) reaches a large channel through the queue again, not inline.
const services = createContainer(config, dynamoDbSubscriptionsModule(config), channelsApiModule(config), sqsChannelFanOutModule(config), sqsWebhookSignalsModule(config), realtimeUseCasesModule);
export const handler = buildQueueChannelFanOutHandler({ services, observability });
