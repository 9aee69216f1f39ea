import { apiGatewayModule } from '../../composition/apigateway.module.ts';
import { dynamoDbModule } from '../../composition/dynamodb.module.ts';
import { createContainer } from '../../composition/container.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { SERVICE_IDS } from '../../composition/service-ids.ts';
import { instrumented, NO_METRICS } from './observability.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { makeWsMessageHandler } from './ws-message.ts';

const config = await loadLambdaConfig();
const container = createContainer(config, dynamoDbModule(config), apiGatewayModule(config));
const observability = { logger: createPowertoolsLogger('ws-message'), metrics: NO_METRICS };
export const handler = instrumented(observability, makeWsMessageHandler({ routeMessage: container.get(SERVICE_IDS.RouteMessage), ...observability }));
