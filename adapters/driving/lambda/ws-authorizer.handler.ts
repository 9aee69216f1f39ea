import { createContainer } from '../../composition/container.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { SERVICE_IDS } from '../../composition/service-ids.ts';
import { instrumented, NO_METRICS } from './observability.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { makeWsAuthorizerHandler } from './ws-authorizer.ts';

const config = await loadLambdaConfig();
const container = createContainer(config);
const observability = { logger: createPowertoolsLogger('ws-authorizer'), metrics: NO_METRICS };
export const handler = instrumented(observability, makeWsAuthorizerHandler({ verifyAccessToken: container.get(SERVICE_IDS.VerifyAccessToken), ...observability }));
