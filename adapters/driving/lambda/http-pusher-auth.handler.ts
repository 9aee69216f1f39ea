import { createContainer } from '../../composition/container.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { TOKENS } from '../../composition/tokens.ts';
import { createPowertoolsObservability, instrumented } from './observability.ts';
import { makeHttpPusherAuthHandler } from './http-pusher-auth.ts';

const config = await loadLambdaConfig();
const container = createContainer(config);
const observability = createPowertoolsObservability('http-pusher-auth');
export const handler = instrumented(observability, makeHttpPusherAuthHandler({ authorizeChannel: container.get(TOKENS.AuthorizeChannel), ...observability }));
