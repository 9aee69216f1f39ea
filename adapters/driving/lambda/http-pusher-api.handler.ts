import { channelsApiModule } from '../../composition/channels-api.module.ts';
import { createContainer } from '../../composition/container.ts';
import { dynamoDbSubscriptionsModule } from '../../composition/dynamodb.module.ts';
import { buildHttpPusherApiHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { realtimeUseCasesModule } from '../../composition/realtime.module.ts';
import { sqsChannelFanOutModule, sqsWebhookSignalsModule } from '../../composition/sqs.module.ts';
import { loggingOnlyObservability } from './powertools-logger.ts';

const config = await loadLambdaConfig();
const observability = loggingOnlyObservability('http-pusher-api');
const services = createContainer(config, dynamoDbSubscriptionsModule(config), channelsApiModule(config), sqsChannelFanOutModule(config), sqsWebhookSignalsModule(config), realtimeUseCasesModule);
export const handler = buildHttpPusherApiHandler({ services, observability });
