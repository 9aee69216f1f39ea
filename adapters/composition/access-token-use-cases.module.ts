import { ContainerModule } from 'inversify';
import { AuthenticateUser } from '../../domain/channels/authenticate-user.use-case.ts';
import { AuthorizeChannel } from '../../domain/channels/authorize-channel.use-case.ts';
import { VerifyAccessToken } from '../../domain/tokens/verify-access-token.use-case.ts';
import { SERVICE_IDS } from './service-ids.ts';

/**
 * The auth path's use cases: verifying an access token, and signing a Pusher channel or user auth
 * with it. A module of its own, so those functions (lean-container.ts) carry no other use case.
 */
export const accessTokenUseCasesModule = new ContainerModule(({ bind }) => {
  bind(SERVICE_IDS.VerifyAccessToken).toResolvedValue((codec) => new VerifyAccessToken(codec), [SERVICE_IDS.TokenCodec]).inSingletonScope();
  bind(SERVICE_IDS.AuthorizeChannel)
    .toResolvedValue((verify, config) => new AuthorizeChannel(verify, config.pusher), [SERVICE_IDS.VerifyAccessToken, SERVICE_IDS.RuntimeConfig])
    .inSingletonScope();
  bind(SERVICE_IDS.AuthenticateUser)
    .toResolvedValue((verify, config) => new AuthenticateUser(verify, config.pusher), [SERVICE_IDS.VerifyAccessToken, SERVICE_IDS.RuntimeConfig])
    .inSingletonScope();
});
