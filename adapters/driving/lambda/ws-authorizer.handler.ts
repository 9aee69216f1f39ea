import { createContainer } from '../../composition/container.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { TOKENS } from '../../composition/tokens.ts';
import { createPowertoolsObservability } from './observability.ts';
import { makeWsAuthorizerHandler } from './ws-authorizer.ts';

const config = await loadLambdaConfig();
const container = createContainer(config);
export const handler = makeWsAuthorizerHandler({ verifyAccessToken: container.get(TOKENS.VerifyAccessToken), ...createPowertoolsObservability('ws-authorizer') });
