import type { ConsumeOutcome, RefreshTokenRecord, RefreshTokenStore } from '../../../domain/tokens/refresh-token-store.port.ts';

interface StoredToken {
  readonly record: RefreshTokenRecord;
  spent: boolean;
}

/** Single-threaded JavaScript makes each method atomic, which is what `consume` promises. */
export class InMemoryRefreshTokenStore implements RefreshTokenStore {
  private readonly tokens = new Map<string, StoredToken>();
  private readonly revokedFamilies = new Set<string>();
  /** userId → the latest revocation's time (ms). */
  private readonly revokedUsers = new Map<string, number>();

  async save(record: RefreshTokenRecord): Promise<void> {
    this.tokens.set(record.tokenHash, { record: { ...record }, spent: false });
  }

  async consume(tokenHash: string, now: number): Promise<ConsumeOutcome> {
    const stored = this.tokens.get(tokenHash);
    if (stored === undefined) return { kind: 'unknown' };
    if (this.isRevoked(stored.record)) return { kind: 'revoked' };
    if (stored.record.expiresAt <= now) return { kind: 'expired' };
    if (stored.spent) return { kind: 'reused', record: { ...stored.record } };
    stored.spent = true;
    return { kind: 'consumed', record: { ...stored.record } };
  }

  async find(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const stored = this.tokens.get(tokenHash);
    return stored === undefined ? undefined : { ...stored.record };
  }

  async revokeFamily(familyId: string, _at: number): Promise<void> {
    this.revokedFamilies.add(familyId);
  }

  async revokeUser(userId: string, at: number): Promise<void> {
    this.revokedUsers.set(userId, Math.max(at, this.revokedUsers.get(userId) ?? at));
  }

  private isRevoked(record: RefreshTokenRecord): boolean {
    const userRevokedAt = this.revokedUsers.get(record.userId);
    return this.revokedFamilies.has(record.familyId) || (userRevokedAt !== undefined && record.familyIssuedAt <= userRevokedAt);
  }
}
