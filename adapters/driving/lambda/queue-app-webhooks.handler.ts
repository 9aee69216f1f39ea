import { appWebhookSenderModule } from '../../composition/app-webhooks.module.ts';
import { createContainer } from '../../composition/container.ts';
import { dynamoDbSubscriptionsModule } from '../../composition/dynamodb.module.ts';
import { buildQueueAppWebhooksHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { realtimeUseCasesModule } from '../../composition/realtime.module.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { createPowertoolsMetrics } from './powertools-metrics.ts';

const config = await loadLambdaConfig();
const observability = { logger: createPowertoolsLogger('queue-app-webhooks'), metrics: createPowertoolsMetrics('queue-app-webhooks') };
const services = createContainer(config, dynamoDbSubscriptionsModule(config), appWebhookSenderModule(config), realtimeUseCasesModule);
export const handler = buildQueueAppWebhooksHandler({ services, observability });
