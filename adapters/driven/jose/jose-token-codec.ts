import { errors, jwtVerify, SignJWT, type JWTPayload, type JWTHeaderParameters } from 'jose';
import { validateChannelPatterns } from '../../../domain/channels/channel-pattern.ts';
import type { AccessTokenClaims } from '../../../domain/tokens/access-token.ts';
import type { TokenCodec, TokenRejection } from '../../../domain/tokens/token-codec.port.ts';
import { parseUserId, parseUserInfo } from '../../../domain/tokens/token-request.ts';
import type { Clock } from '../../../domain/shared/clock.port.ts';
import { err, ok, type Result } from '../../../domain/shared/result.ts';

/** HS256 keys by id; the first one signs, all of them verify, so keys can be rotated. */
export interface SigningKey {
  readonly kid: string;
  readonly secret: Uint8Array;
}

export interface JoseTokenCodecOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly keys: readonly SigningKey[];
  readonly clock: Clock;
}

// Pinned: a token naming any other algorithm (`none`, RS256 for key confusion, …) is refused.
const ALGORITHM = 'HS256';
// RFC 9068's type for access tokens keeps other JWTs signed with the same key from passing as one.
const TOKEN_TYPE = 'at+jwt';
const MIN_SECRET_BYTES = 32;
const CLOCK_TOLERANCE_SECONDS = 5;

/** Access tokens as JWTs with `jose`. */
export class JoseTokenCodec implements TokenCodec {
  private readonly options: JoseTokenCodecOptions;
  private readonly keysById: ReadonlyMap<string, Uint8Array>;
  private readonly signingKey: SigningKey;

  constructor(options: JoseTokenCodecOptions) {
    const [signingKey] = options.keys;
    if (signingKey === undefined) throw new Error('JoseTokenCodec needs at least one signing key');
    for (const key of options.keys) {
      if (key.secret.byteLength < MIN_SECRET_BYTES) throw new Error(`token signing key ${key.kid} is shorter than ${MIN_SECRET_BYTES} bytes`);
    }
    this.options = options;
    this.signingKey = signingKey;
    this.keysById = new Map(options.keys.map((key) => [key.kid, key.secret]));
  }

  async encode(claims: AccessTokenClaims): Promise<string> {
    const payload: JWTPayload = { channels: [...claims.channels] };
    if (claims.userInfo !== undefined) payload['user_info'] = claims.userInfo;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: ALGORITHM, typ: TOKEN_TYPE, kid: this.signingKey.kid })
      .setSubject(claims.userId)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt(Math.floor(claims.issuedAt / 1000))
      .setExpirationTime(Math.floor(claims.expiresAt / 1000))
      .sign(this.signingKey.secret);
  }

  async decode(token: string): Promise<Result<AccessTokenClaims, TokenRejection>> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
        algorithms: [ALGORITHM],
        typ: TOKEN_TYPE,
        issuer: this.options.issuer,
        audience: this.options.audience,
        currentDate: new Date(this.options.clock.now()),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'iat', 'exp'],
      }));
    } catch (error) {
      return err({ kind: 'InvalidToken', message: rejectionMessage(error) });
    }
    // jose checks `iat` only against a maximum age; a token from the future is refused here.
    if (payload.iat !== undefined && payload.iat > this.options.clock.now() / 1000 + CLOCK_TOLERANCE_SECONDS) {
      return err({ kind: 'InvalidToken', message: 'the access token was issued in the future' });
    }
    return claimsFrom(payload);
  }

  private keyFor(header: JWTHeaderParameters): Uint8Array {
    const key = header.kid === undefined ? undefined : this.keysById.get(header.kid);
    if (key === undefined) throw new errors.JWKSNoMatchingKey('the access token names an unknown key');
    return key;
  }
}

function claimsFrom(payload: JWTPayload): Result<AccessTokenClaims, TokenRejection> {
  const userId = parseUserId(payload.sub);
  const channels = validateChannelPatterns(payload['channels'] ?? []);
  const userInfo = parseUserInfo(payload['user_info']);
  if (!userId.ok || !channels.ok || !userInfo.ok || payload.iat === undefined || payload.exp === undefined) {
    return err({ kind: 'InvalidToken', message: 'the access token carries malformed claims' });
  }
  const claims = { userId: userId.value, channels: channels.value, issuedAt: payload.iat * 1000, expiresAt: payload.exp * 1000 };
  return ok(userInfo.value === undefined ? claims : { ...claims, userInfo: userInfo.value });
}

function rejectionMessage(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the access token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the access token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the access token uses an algorithm this service does not accept';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the access token names an unknown key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the access token signature is not valid';
  return 'the access token is not valid';
}
