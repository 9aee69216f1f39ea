import type { Result } from '../shared/result.ts';
import type { AccessTokenClaims } from './access-token.ts';

export type TokenRejection = { readonly kind: 'InvalidToken'; readonly message: string };

/** Turns claims into a signed, self-contained access token and back, checking every rule on the way in. */
export interface TokenCodec {
  encode(claims: AccessTokenClaims): Promise<string>;
  /** Rejects bad signatures, foreign algorithms, unknown key ids, wrong issuer/audience/type, and expiry. */
  decode(token: string): Promise<Result<AccessTokenClaims, TokenRejection>>;
}
