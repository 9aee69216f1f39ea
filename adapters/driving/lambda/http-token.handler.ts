import { dynamoDbModule } from '../../composition/dynamodb.module.ts';
import { createContainer } from '../../composition/container.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { TOKENS } from '../../composition/tokens.ts';
import { createPowertoolsObservability } from './observability.ts';
import { makeHttpTokenHandler } from './http-token.ts';

const config = await loadLambdaConfig();
const container = createContainer(config, dynamoDbModule(config));
export const handler = makeHttpTokenHandler({ issueToken: container.get(TOKENS.IssueToken), ...createPowertoolsObservability('http-token') });
