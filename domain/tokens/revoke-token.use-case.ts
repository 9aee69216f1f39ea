import type { ConnectionRegistry } from '../connections/connection-registry.port.ts';
import type { ConnectionTerminator } from '../connections/connection-terminator.port.ts';
import type { UserSocketsTerminator } from '../realtime/user-sockets-terminator.port.ts';
import type { Clock } from '../shared/clock.port.ts';
import { mapWithConcurrency } from '../shared/map-with-concurrency.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { hashRefreshToken } from './issue-token.use-case.ts';
import type { RefreshTokenStore } from './refresh-token-store.port.ts';
import { parseUserId } from './token-request.ts';
import { isTrustedClient, type TrustedClient } from './trusted-client.ts';

export interface RevokeTokenInput {
  /** From HTTP Basic: required to revoke a user; optional for a token, whose holder may revoke it. */
  readonly client?: TrustedClient | undefined;
  readonly token?: unknown;
  readonly tokenTypeHint?: unknown;
  readonly userId?: unknown;
}

export type Revocation =
  /** Whether or not the token was known: RFC 7009 answers the same either way. */
  | { readonly kind: 'token' }
  | { readonly kind: 'user'; readonly connectionsClosed: number };

export type RevokeTokenError =
  | { readonly kind: 'InvalidClient'; readonly message: string }
  | { readonly kind: 'InvalidRequest'; readonly message: string }
  | { readonly kind: 'UnsupportedTokenType'; readonly message: string };

/** Connections closed at once: the Management API shares the account's request budget. */
const CLOSE_CONCURRENCY = 10;
const PAGE_SIZE = 100;
const MAX_TOKEN_LENGTH = 512;

interface RevokeTokenDeps { readonly store: RefreshTokenStore; readonly registry: ConnectionRegistry; readonly terminator: ConnectionTerminator; readonly userSockets?: UserSocketsTerminator | undefined; readonly clock: Clock; readonly trustedClient: TrustedClient }

/**
 * Revocation, RFC 7009 style. A refresh token revokes its family (that sign-in). A user id, with
 * the app's client credentials, revokes every family the user has signed in with so far and closes
 * their open connections now. Access tokens are self-contained and cannot be revoked: they live
 * until their `exp`, so a closed client can reconnect with one until then.
 */
export class RevokeToken {
  private readonly deps: RevokeTokenDeps;

  constructor(deps: RevokeTokenDeps) {
    this.deps = deps;
  }

  async execute(input: RevokeTokenInput): Promise<Result<Revocation, RevokeTokenError>> {
    if (input.client !== undefined && !isTrustedClient(input.client, this.deps.trustedClient)) {
      return err({ kind: 'InvalidClient', message: 'client credentials are not valid' });
    }
    const hasToken = input.token !== undefined && input.token !== '';
    const hasUser = input.userId !== undefined && input.userId !== '';
    if (hasToken === hasUser) return err({ kind: 'InvalidRequest', message: 'send either token (a refresh token) or user_id' });
    if (hasUser) return this.revokeUser(input);
    return this.revokeRefreshToken(input.token, input.tokenTypeHint);
  }

  private async revokeRefreshToken(token: unknown, hint: unknown): Promise<Result<Revocation, RevokeTokenError>> {
    if (hint === 'access_token') {
      return err({ kind: 'UnsupportedTokenType', message: 'access tokens cannot be revoked: they expire on their own (at most MAX_ACCESS_TOKEN_TTL_SECONDS)' });
    }
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return ok({ kind: 'token' });
    const record = await this.deps.store.find(hashRefreshToken(token));
    if (record !== undefined) await this.deps.store.revokeFamily(record.familyId, this.deps.clock.now());
    return ok({ kind: 'token' });
  }

  private async revokeUser(input: RevokeTokenInput): Promise<Result<Revocation, RevokeTokenError>> {
    if (input.client === undefined) return err({ kind: 'InvalidClient', message: 'revoking a user needs the client credentials (HTTP Basic key:secret)' });
    const userId = parseUserId(input.userId);
    if (!userId.ok) return err({ kind: 'InvalidRequest', message: userId.error });
    const now = this.deps.clock.now();
    await this.deps.store.revokeUser(userId.value, now);
    // Every close is tried, and the user's Pusher sockets too, even when one close fails; a failure
    // then throws (500), and revoking again is safe: the refresh tokens are already revoked.
    const closes = await this.closeConnectionsOf(userId.value, now);
    await this.deps.userSockets?.terminateUser(userId.value);
    const failed = closes.filter((outcome) => outcome.status === 'rejected');
    if (failed.length > 0) throw new Error(`the user's tokens are revoked, but ${failed.length} of ${closes.length} connections could not be closed: ${String((failed[0] as PromiseRejectedResult).reason)}`);
    return ok({ kind: 'user', connectionsClosed: closes.length });
  }

  private async closeConnectionsOf(userId: string, now: number): Promise<PromiseSettledResult<unknown>[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.registry.listByUser(userId, now, { limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) });
      ids.push(...page.connections.map((connection) => connection.connectionId));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return mapWithConcurrency(ids, CLOSE_CONCURRENCY, (connectionId) =>
      this.deps.terminator.disconnect(connectionId).then(
        (value): PromiseSettledResult<unknown> => ({ status: 'fulfilled', value }),
        (reason: unknown): PromiseSettledResult<unknown> => ({ status: 'rejected', reason }),
      ),
    );
  }
}
