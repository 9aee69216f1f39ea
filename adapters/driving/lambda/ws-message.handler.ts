import { apiGatewayModule } from '../../composition/apigateway.module.ts';
import { createContainer } from '../../composition/container.ts';
import { buildWsMessageHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { tokenCodecModule } from '../../composition/token-codec.module.ts';
import { dynamoDbModule } from '../../composition/dynamodb.module.ts';
import { loggingOnlyObservability } from './powertools-logger.ts';

const config = await loadLambdaConfig();
const observability = loggingOnlyObservability('ws-message');
const services = createContainer(config, tokenCodecModule(config), dynamoDbModule(config), apiGatewayModule(config));
export const handler = buildWsMessageHandler({ services, observability });
