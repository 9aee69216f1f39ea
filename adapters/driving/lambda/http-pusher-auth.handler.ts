import { createContainer } from '../../composition/container.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { TOKENS } from '../../composition/tokens.ts';
import { createPowertoolsObservability } from './observability.ts';
import { makeHttpPusherAuthHandler } from './http-pusher-auth.ts';

const config = await loadLambdaConfig();
const container = createContainer(config);
export const handler = makeHttpPusherAuthHandler({ authorizeChannel: container.get(TOKENS.AuthorizeChannel), ...createPowertoolsObservability('http-pusher-auth') });
