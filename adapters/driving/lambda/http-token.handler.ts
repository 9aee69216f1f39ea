import { dynamoDbModule } from '../../composition/dynamodb.module.ts';
import { createContainer } from '../../composition/container.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { SERVICE_IDS } from '../../composition/service-ids.ts';
import { instrumented, NO_METRICS } from './observability.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { makeHttpTokenHandler } from './http-token.ts';

const config = await loadLambdaConfig();
const container = createContainer(config, dynamoDbModule(config));
const observability = { logger: createPowertoolsLogger('http-token'), metrics: NO_METRICS };
export const handler = instrumented(observability, makeHttpTokenHandler({ issueToken: container.get(SERVICE_IDS.IssueToken), ...observability }));
