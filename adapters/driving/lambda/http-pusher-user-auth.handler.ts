import { createContainer } from '../../composition/container.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { TOKENS } from '../../composition/tokens.ts';
import { createPowertoolsObservability, instrumented } from './observability.ts';
import { makeHttpPusherUserAuthHandler } from './http-pusher-user-auth.ts';

const config = await loadLambdaConfig();
const container = createContainer(config);
const observability = createPowertoolsObservability('http-pusher-user-auth');
export const handler = instrumented(observability, makeHttpPusherUserAuthHandler({ authenticateUser: container.get(TOKENS.AuthenticateUser), ...observability }));
