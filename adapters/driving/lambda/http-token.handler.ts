import { dynamoDbModule } from '../../composition/dynamodb.module.ts';
import { createContainer } from '../../composition/container.ts';
import { buildHttpTokenHandler } from '../../composition/handler-table.ts';
import { lazyConnectionTerminatorModule } from '../../composition/lazy-connection-terminator.module.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { pusherTerminatorModule } from '../../composition/pusher-terminator.module.ts';
import { loggingOnlyObservability } from './powertools-logger.ts';

const config = await loadLambdaConfig();
const observability = loggingOnlyObservability('http-token');
const services = createContainer(config, dynamoDbModule(config), lazyConnectionTerminatorModule(config), pusherTerminatorModule(config));
export const handler = buildHttpTokenHandler({ services, observability });
