import { createHash } from 'node:crypto';
import type { Clock } from '../shared/clock.port.ts';
import type { IdGenerator } from '../shared/id-generator.port.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { RefreshTokenStore } from './refresh-token-store.port.ts';
import type { TokenCodec } from './token-codec.port.ts';
import { isTrustedClient, type TrustedClient } from './trusted-client.ts';
import { parseExpiresIn, parseUserGrant, type UserGrant } from './token-request.ts';

export interface TokenPolicy {
  readonly accessTokenTtlSeconds: number;
  readonly maxAccessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** A sign-in's absolute lifetime: no refresh token of a family outlives its first issue by more. */
  readonly refreshFamilyMaxSeconds: number;
}

export interface IssueTokenInput {
  readonly grantType: unknown;
  /** From HTTP Basic; required for client_credentials, ignored for refresh_token. */
  readonly client?: { readonly key: string; readonly secret: string } | undefined;
  readonly userId?: unknown;
  readonly channels?: unknown;
  readonly userInfo?: unknown;
  readonly expiresIn?: unknown;
  readonly refreshToken?: unknown;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly tokenType: 'bearer';
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly refreshTokenExpiresIn: number;
}

export type IssueTokenError =
  | { readonly kind: 'InvalidClient'; readonly message: string }
  | { readonly kind: 'UnsupportedGrantType'; readonly message: string }
  | { readonly kind: 'InvalidRequest'; readonly message: string }
  | { readonly kind: 'InvalidRefreshToken'; readonly message: string };

const MAX_REFRESH_TOKEN_LENGTH = 512;

interface IssueTokenDeps { readonly codec: TokenCodec; readonly store: RefreshTokenStore; readonly clock: Clock; readonly ids: IdGenerator; readonly policy: TokenPolicy; readonly trustedClient: TrustedClient }

/**
 * Issues access tokens with rotating refresh tokens. A refresh token is single use: the first
 * refresh wins, and presenting a spent token again (a replay, or a second concurrent refresh)
 * revokes its whole family, so a stolen token dies with the next legitimate use. There is no grace
 * window: clients that refresh concurrently must share one refresh in flight.
 */
export class IssueToken {
  private readonly deps: IssueTokenDeps;

  constructor(deps: IssueTokenDeps) {
    this.deps = deps;
  }

  async execute(input: IssueTokenInput): Promise<Result<IssuedToken, IssueTokenError>> {
    switch (input.grantType) {
      case 'client_credentials':
        return this.issueForClient(input);
      case 'refresh_token':
        return this.refresh(input);
      case undefined:
      case '':
        return err({ kind: 'InvalidRequest', message: 'grant_type is required: client_credentials or refresh_token' });
      default:
        return err({ kind: 'UnsupportedGrantType', message: 'grant_type must be client_credentials or refresh_token' });
    }
  }

  private async issueForClient(input: IssueTokenInput): Promise<Result<IssuedToken, IssueTokenError>> {
    if (input.client === undefined) {
      return err({ kind: 'InvalidClient', message: 'client credentials are required (HTTP Basic key:secret)' });
    }
    if (!isTrustedClient(input.client, this.deps.trustedClient)) {
      return err({ kind: 'InvalidClient', message: 'client credentials are not valid' });
    }
    const grant = parseUserGrant({ userId: input.userId, channels: input.channels, userInfo: input.userInfo });
    if (!grant.ok) return err({ kind: 'InvalidRequest', message: grant.error });
    const expiresIn = parseExpiresIn(input.expiresIn, this.deps.policy.accessTokenTtlSeconds, this.deps.policy.maxAccessTokenTtlSeconds);
    if (!expiresIn.ok) return err({ kind: 'InvalidRequest', message: expiresIn.error });
    return ok(await this.issue(grant.value, { id: this.deps.ids.generate(), issuedAt: this.deps.clock.now() }, expiresIn.value));
  }

  private async refresh(input: IssueTokenInput): Promise<Result<IssuedToken, IssueTokenError>> {
    const token = input.refreshToken;
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_REFRESH_TOKEN_LENGTH) {
      return err({ kind: 'InvalidRequest', message: 'refresh_token is required' });
    }
    const now = this.deps.clock.now();
    const outcome = await this.deps.store.consume(hashRefreshToken(token), now);
    switch (outcome.kind) {
      case 'consumed': {
        const family = { id: outcome.record.familyId, issuedAt: outcome.record.familyIssuedAt };
        // The stored expiry already stops at the family's end; this also holds for tokens saved before it did.
        if (now >= this.familyEndsAt(family)) return err({ kind: 'InvalidRefreshToken', message: 'the sign-in has reached its maximum lifetime; sign in again' });
        return ok(await this.issue(grantOf(outcome.record), family, this.deps.policy.accessTokenTtlSeconds));
      }
      case 'reused':
        await this.deps.store.revokeFamily(outcome.record.familyId, now);
        return err({ kind: 'InvalidRefreshToken', message: 'the refresh token was already used; every token of its sign-in is now revoked' });
      case 'revoked':
        return err({ kind: 'InvalidRefreshToken', message: 'the refresh token has been revoked' });
      case 'expired':
        return err({ kind: 'InvalidRefreshToken', message: 'the refresh token has expired' });
      case 'unknown':
        return err({ kind: 'InvalidRefreshToken', message: 'the refresh token is not valid' });
    }
  }

  private async issue(grant: UserGrant, family: Family, expiresIn: number): Promise<IssuedToken> {
    const now = this.deps.clock.now();
    const accessToken = await this.deps.codec.encode({ ...grantOf(grant), issuedAt: now, expiresAt: now + expiresIn * 1000 });
    const refreshToken = this.deps.ids.generate();
    // Rotation never extends a sign-in: each new token ends at its own TTL or at the family's end, whichever is first.
    const refreshExpiresAt = Math.min(now + this.deps.policy.refreshTokenTtlSeconds * 1000, this.familyEndsAt(family));
    await this.deps.store.save({
      tokenHash: hashRefreshToken(refreshToken),
      familyId: family.id,
      familyIssuedAt: family.issuedAt,
      ...grantOf(grant),
      expiresAt: refreshExpiresAt,
    });
    return { accessToken, tokenType: 'bearer', expiresIn, refreshToken, refreshTokenExpiresIn: Math.floor((refreshExpiresAt - now) / 1000) };
  }

  private familyEndsAt(family: Family): number {
    return family.issuedAt + this.deps.policy.refreshFamilyMaxSeconds * 1000;
  }

}

interface Family {
  readonly id: string;
  /** Milliseconds since the epoch, when the family's first token was issued. */
  readonly issuedAt: number;
}

function grantOf(source: UserGrant): UserGrant {
  const { userId, channels, userInfo } = source;
  return userInfo === undefined ? { userId, channels } : { userId, channels, userInfo };
}

/** Only this digest is ever stored, so a leaked table yields no usable refresh token. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
