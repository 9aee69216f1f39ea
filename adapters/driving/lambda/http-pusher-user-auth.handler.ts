import { createContainer } from '../../composition/container.ts';
import { buildHttpPusherUserAuthHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { tokenCodecModule } from '../../composition/token-codec.module.ts';
import { loggingOnlyObservability } from './powertools-logger.ts';

const config = await loadLambdaConfig();
const observability = loggingOnlyObservability('http-pusher-user-auth');
const services = createContainer(config, tokenCodecModule(config));
export const handler = buildHttpPusherUserAuthHandler({ services, observability });
