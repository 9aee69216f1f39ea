import { buildChannelsHandshakeHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { createLeanContainer } from '../../composition/lean-container.ts';
import { signedFetchChannelsApiModule } from '../../composition/signed-fetch-channels-api.module.ts';
import { loggingOnlyObservability } from './powertools-logger.ts';

const config = await loadLambdaConfig();
const observability = loggingOnlyObservability('channels-handshake');
// No SDK client: the socket's first frame waits on this cold start (signed fetch, as channels-connect's invoke).
const services = createLeanContainer(config, signedFetchChannelsApiModule(config, process.env));
export const handler = buildChannelsHandshakeHandler({ services, observability });
