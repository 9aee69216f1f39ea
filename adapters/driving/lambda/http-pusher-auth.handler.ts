import { accessTokenUseCasesModule } from '../../composition/access-token-use-cases.module.ts';
import { buildHttpPusherAuthHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { createLeanContainer } from '../../composition/lean-container.ts';
import { tokenCodecModule } from '../../composition/token-codec.module.ts';
import { loggingOnlyObservability } from './powertools-logger.ts';

const config = await loadLambdaConfig();
const observability = loggingOnlyObservability('http-pusher-auth');
const services = createLeanContainer(config, tokenCodecModule(config), accessTokenUseCasesModule);
export const handler = buildHttpPusherAuthHandler({ services, observability });
