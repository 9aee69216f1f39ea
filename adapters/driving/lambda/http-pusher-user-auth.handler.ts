import { createContainer } from '../../composition/container.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { SERVICE_IDS } from '../../composition/service-ids.ts';
import { instrumented, NO_METRICS } from './observability.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { makeHttpPusherUserAuthHandler } from './http-pusher-user-auth.ts';

const config = await loadLambdaConfig();
const container = createContainer(config);
const observability = { logger: createPowertoolsLogger('http-pusher-user-auth'), metrics: NO_METRICS };
export const handler = instrumented(observability, makeHttpPusherUserAuthHandler({ authenticateUser: container.get(SERVICE_IDS.AuthenticateUser), ...observability }));
