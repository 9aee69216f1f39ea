import { createContainer } from '../../composition/container.ts';
import { buildChannelsMessageHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { channelsModules } from '../../composition/own-channels.module.ts';
import { loggingOnlyObservability } from './powertools-logger.ts';

const config = await loadLambdaConfig();
const observability = loggingOnlyObservability('channels-message');
const services = createContainer(config, ...channelsModules(config));
export const handler = buildChannelsMessageHandler({ services, observability });
