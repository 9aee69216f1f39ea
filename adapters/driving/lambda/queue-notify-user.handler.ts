import { apiGatewayModule } from '../../composition/apigateway.module.ts';
import { createContainer } from '../../composition/container.ts';
import { dynamoDbModule } from '../../composition/dynamodb.module.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { pusherBridgeModule } from '../../composition/pusher.module.ts';
import { sqsModule } from '../../composition/sqs.module.ts';
import { TOKENS } from '../../composition/tokens.ts';
import { createPowertoolsObservability, instrumented } from './observability.ts';
import { makeQueueNotifyUserHandler } from './queue-notify-user.ts';

const config = await loadLambdaConfig();
const observability = createPowertoolsObservability('queue-notify-user');
const bridge = config.pusherBridge.enabled ? [pusherBridgeModule(config)] : [];
const container = createContainer(config, dynamoDbModule(config), apiGatewayModule(config, () => observability.metrics.count('retried')), sqsModule(config), ...bridge);
export const handler = instrumented(observability, makeQueueNotifyUserHandler({ fanOutToUser: container.get(TOKENS.FanOutToUser), ...observability }));
