import { channelsApiModule } from '../../composition/channels-api.module.ts';
import { createContainer } from '../../composition/container.ts';
import { buildChannelsHandshakeHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { loggingOnlyObservability } from './powertools-logger.ts';

const config = await loadLambdaConfig();
const observability = loggingOnlyObservability('channels-handshake');
const services = createContainer(config, channelsApiModule(config));
export const handler = buildChannelsHandshakeHandler({ services, observability });
