import { dynamoDbModule } from '../../composition/dynamodb.module.ts';
import { createContainer } from '../../composition/container.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { SERVICE_IDS } from '../../composition/service-ids.ts';
import { instrumented, NO_METRICS } from './observability.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { makeWsConnectHandler } from './ws-connect.ts';

const config = await loadLambdaConfig();
const container = createContainer(config, dynamoDbModule(config));
const observability = { logger: createPowertoolsLogger('ws-connect'), metrics: NO_METRICS };
export const handler = instrumented(observability, makeWsConnectHandler({ registerConnection: container.get(SERVICE_IDS.RegisterConnection), ...observability }));
