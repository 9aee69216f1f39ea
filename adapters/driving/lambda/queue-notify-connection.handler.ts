import { apiGatewayModule } from '../../composition/apigateway.module.ts';
import { createContainer } from '../../composition/container.ts';
import { dynamoDbModule } from '../../composition/dynamodb.module.ts';
import { buildQueueNotifyConnectionHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { createPowertoolsMetrics } from './powertools-metrics.ts';

const config = await loadLambdaConfig();
const observability = { logger: createPowertoolsLogger('queue-notify-connection'), metrics: createPowertoolsMetrics('queue-notify-connection') };
const services = createContainer(config, dynamoDbModule(config), apiGatewayModule(config, () => observability.metrics.count('retried')));
export const handler = buildQueueNotifyConnectionHandler({ services, observability });
