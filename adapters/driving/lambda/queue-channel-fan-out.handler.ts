import { createContainer } from '../../composition/container.ts';
import { buildQueueChannelFanOutHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { channelsModules } from '../../composition/own-channels.module.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { createPowertoolsMetrics } from './powertools-metrics.ts';

const config = await loadLambdaConfig();
const observability = { logger: createPowertoolsLogger('queue-channel-fan-out'), metrics: createPowertoolsMetrics('queue-channel-fan-out') };
// What a chunk sets off (the departures of the sockets it finds gone) reaches a large channel through the queue again, not inline.
const services = createContainer(config, ...channelsModules(config));
export const handler = buildQueueChannelFanOutHandler({ services, observability });
