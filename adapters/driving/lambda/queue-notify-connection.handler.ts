import { apiGatewayModule } from '../../composition/apigateway.module.ts';
import { createContainer } from '../../composition/container.ts';
import { dynamoDbModule } from '../../composition/dynamodb.module.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { SERVICE_IDS } from '../../composition/service-ids.ts';
import { instrumented } from './observability.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { createPowertoolsMetrics } from './powertools-metrics.ts';
import { makeQueueNotifyConnectionHandler } from './queue-notify-connection.ts';

const config = await loadLambdaConfig();
const observability = { logger: createPowertoolsLogger('queue-notify-connection'), metrics: createPowertoolsMetrics('queue-notify-connection') };
const container = createContainer(config, dynamoDbModule(config), apiGatewayModule(config, () => observability.metrics.count('retried')));
export const handler = instrumented(observability, makeQueueNotifyConnectionHandler({ deliverToConnection: container.get(SERVICE_IDS.DeliverToConnection), concurrency: config.fanOut.concurrency, ...observability }));
