import { apiGatewayModule } from '../../composition/apigateway.module.ts';
import { createContainer } from '../../composition/container.ts';
import { dynamoDbModule } from '../../composition/dynamodb.module.ts';
import { buildQueueNotifyUserHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { sqsModule } from '../../composition/sqs.module.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { createPowertoolsMetrics } from './powertools-metrics.ts';

const config = await loadLambdaConfig();
const observability = { logger: createPowertoolsLogger('queue-notify-user'), metrics: createPowertoolsMetrics('queue-notify-user') };
// Loaded only when the bridge is on: the pusher package adds about 85 ms to a cold start.
const bridge = config.pusherBridge.enabled ? [(await import('../../composition/pusher.module.ts')).pusherBridgeModule(config)] : [];
const services = createContainer(config, dynamoDbModule(config), apiGatewayModule(config, () => observability.metrics.count('retried')), sqsModule(config), ...bridge);
export const handler = buildQueueNotifyUserHandler({ services, observability });
