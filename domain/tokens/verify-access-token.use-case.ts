import type { Principal } from '../channels/channel-access-policy.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { MAX_ACCESS_TOKEN_LENGTH } from './access-token.ts';
import type { TokenCodec, TokenRejection } from './token-codec.port.ts';

export type VerifyAccessTokenError = TokenRejection;

/** Turns a bearer token into the principal it proves, or says why it proves nothing. */
export class VerifyAccessToken {
  private readonly codec: TokenCodec;

  constructor(codec: TokenCodec) {
    this.codec = codec;
  }

  async execute(token: unknown): Promise<Result<Principal, VerifyAccessTokenError>> {
    if (typeof token !== 'string' || token.length === 0) {
      return err({ kind: 'InvalidToken', message: 'an access token is required' });
    }
    if (token.length > MAX_ACCESS_TOKEN_LENGTH) {
      return err({ kind: 'InvalidToken', message: 'the access token is too long' });
    }
    const decoded = await this.codec.decode(token);
    if (!decoded.ok) return decoded;
    const { userId, channels, userInfo } = decoded.value;
    return ok(userInfo === undefined ? { userId, channels } : { userId, channels, userInfo });
  }
}
