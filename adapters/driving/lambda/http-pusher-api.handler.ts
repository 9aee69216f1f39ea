import { createContainer } from '../../composition/container.ts';
import { buildHttpPusherApiHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { channelsModules } from '../../composition/own-channels.module.ts';
import { loggingOnlyObservability } from './powertools-logger.ts';

const config = await loadLambdaConfig();
const observability = loggingOnlyObservability('http-pusher-api');
const services = createContainer(config, ...channelsModules(config));
export const handler = buildHttpPusherApiHandler({ services, observability });
