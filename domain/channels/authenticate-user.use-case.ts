import type { Result } from '../shared/result.ts';
import { ok } from '../shared/result.ts';
import type { VerifyAccessToken } from '../tokens/verify-access-token.use-case.ts';
import { encodeUserData, signUser } from './pusher-protocol.ts';
import type { PusherAppCredentials } from './pusher-signature.ts';
import { parseSocketId } from './socket-id.ts';

export interface AuthenticateUserInput {
  readonly accessToken: unknown;
  readonly socketId: unknown;
}

/** Pusher user sign-in: `user_data` is a JSON string whose `id` is the token's subject. */
export interface UserAuthentication {
  readonly auth: string;
  readonly user_data: string;
}

export type AuthenticateUserError =
  | { readonly kind: 'InvalidSocketId'; readonly message: string }
  | { readonly kind: 'InvalidToken'; readonly message: string };

/** Signs a pusher-js `signin()` for the bearer of a valid token. */
export class AuthenticateUser {
  private readonly deps: { readonly verifyAccessToken: VerifyAccessToken; readonly credentials: PusherAppCredentials };

  constructor(verifyAccessToken: VerifyAccessToken, credentials: PusherAppCredentials) {
    this.deps = { verifyAccessToken, credentials };
  }

  async execute(input: AuthenticateUserInput): Promise<Result<UserAuthentication, AuthenticateUserError>> {
    const socketId = parseSocketId(input.socketId);
    if (!socketId.ok) return socketId;
    const principal = await this.deps.verifyAccessToken.execute(input.accessToken);
    if (!principal.ok) return principal;
    const { userId, userInfo } = principal.value;
    const userData = encodeUserData({ id: userId, ...(userInfo === undefined ? {} : { userInfo }) });
    return ok({ auth: signUser(this.deps.credentials, socketId.value, userData), user_data: userData });
  }
}
