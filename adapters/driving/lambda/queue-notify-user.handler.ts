import { apiGatewayModule } from '../../composition/apigateway.module.ts';
import { createContainer } from '../../composition/container.ts';
import { dynamoDbModule } from '../../composition/dynamodb.module.ts';
import { buildQueueNotifyUserHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { lazyNotificationQueueModule } from '../../composition/lazy-sqs.module.ts';
import { userBridgeModule } from '../../composition/user-channels.module.ts';
import { servesOwnChannels } from '../../../manifest/settings.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { createPowertoolsMetrics } from './powertools-metrics.ts';

const config = await loadLambdaConfig();
const observability = { logger: createPowertoolsLogger('queue-notify-user'), metrics: createPowertoolsMetrics('queue-notify-user') };
// With the bridge off nothing of it loads; on, hosted Pusher's client loads at its first use, and the stack's own channels (when it has them) here.
const ownChannels = config.pusherBridge.enabled && servesOwnChannels(config.channels) ? (await import('../../composition/own-channels.module.ts')).ownChannelsModules(config) : [];
const bridge = config.pusherBridge.enabled ? [userBridgeModule(config), ...ownChannels] : [];
const services = createContainer(config, dynamoDbModule(config), apiGatewayModule(config, () => observability.metrics.count('retried')), lazyNotificationQueueModule(config), ...bridge);
export const handler = buildQueueNotifyUserHandler({ services, observability });
