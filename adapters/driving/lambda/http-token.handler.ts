import { dynamoDbModule } from '../../composition/dynamodb.module.ts';
import { createContainer } from '../../composition/container.ts';
import { buildHttpTokenHandler } from '../../composition/handler-table.ts';
import { lazyConnectionTerminatorModule } from '../../composition/lazy-connection-terminator.module.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { tokenCodecModule } from '../../composition/token-codec.module.ts';
import { userSocketsTerminatorModule } from '../../composition/user-channels.module.ts';
import { servesOwnChannels } from '../../../manifest/settings.ts';
import { loggingOnlyObservability } from './powertools-logger.ts';

const config = await loadLambdaConfig();
const observability = loggingOnlyObservability('http-token');
// Revoking a user closes their pusher-js sockets wherever the stack's channels are; its own channels' clients load only on a stack that has them.
const ownChannels = servesOwnChannels(config.channels) ? (await import('../../composition/own-channels.module.ts')).ownChannelsModules(config) : [];
const services = createContainer(config, tokenCodecModule(config), dynamoDbModule(config), lazyConnectionTerminatorModule(config), userSocketsTerminatorModule(config), ...ownChannels);
export const handler = buildHttpTokenHandler({ services, observability });
