import { createContainer } from '../../composition/container.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { TOKENS } from '../../composition/tokens.ts';
import { createPowertoolsObservability, instrumented } from './observability.ts';
import { makeWsAuthorizerHandler } from './ws-authorizer.ts';

const config = await loadLambdaConfig();
const container = createContainer(config);
const observability = createPowertoolsObservability('ws-authorizer');
export const handler = instrumented(observability, makeWsAuthorizerHandler({ verifyAccessToken: container.get(TOKENS.VerifyAccessToken), ...observability }));
