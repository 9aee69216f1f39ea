import { createContainer } from '../../composition/container.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { TOKENS } from '../../composition/tokens.ts';
import { createPowertoolsObservability } from './observability.ts';
import { makeHttpPusherUserAuthHandler } from './http-pusher-user-auth.ts';

const config = await loadLambdaConfig();
const container = createContainer(config);
export const handler = makeHttpPusherUserAuthHandler({ authenticateUser: container.get(TOKENS.AuthenticateUser), ...createPowertoolsObservability('http-pusher-user-auth') });
