import { dynamoDbModule } from '../../composition/dynamodb.module.ts';
import { createContainer } from '../../composition/container.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { TOKENS } from '../../composition/tokens.ts';
import { createPowertoolsObservability } from './observability.ts';
import { makeWsDisconnectHandler } from './ws-disconnect.ts';

const config = await loadLambdaConfig();
const container = createContainer(config, dynamoDbModule(config));
export const handler = makeWsDisconnectHandler({ unregisterConnection: container.get(TOKENS.UnregisterConnection), ...createPowertoolsObservability('ws-disconnect') });
