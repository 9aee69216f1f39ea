import { describe, expect, it } from 'vitest';
import type { RefreshTokenRecord, RefreshTokenStore } from './refresh-token-store.port.ts';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

function record(tokenHash: string, familyId = 'family-1', expiresAt = NOW + 86_400_000, overrides: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord {
  return { tokenHash, familyId, familyIssuedAt: NOW - 60_000, userId: 'alice', channels: ['private-chat-*'], userInfo: { name: 'Alice' }, expiresAt, ...overrides };
}

/** What every RefreshTokenStore must do; each adapter's test file runs this against its own store. */
export function describeRefreshTokenStoreContract(adapterName: string, makeStore: () => Promise<RefreshTokenStore> | RefreshTokenStore): void {
  describe(`RefreshTokenStore contract: ${adapterName}`, () => {
    it('consumes a saved token once, returning its record', async () => {
      const store = await makeStore();
      await store.save(record('hash-1'));
      expect(await store.consume('hash-1', NOW)).toEqual({ kind: 'consumed', record: record('hash-1') });
      expect(await store.consume('hash-1', NOW)).toEqual({ kind: 'reused', record: record('hash-1') });
    });

    it('knows nothing of a token never saved', async () => {
      const store = await makeStore();
      expect(await store.consume('hash-missing', NOW)).toEqual({ kind: 'unknown' });
    });

    it('refuses an expired token', async () => {
      const store = await makeStore();
      await store.save(record('hash-old', 'family-1', NOW - 1));
      expect(await store.consume('hash-old', NOW)).toEqual({ kind: 'expired' });
    });

    it('refuses every token of a revoked family, spent or not, and no other', async () => {
      const store = await makeStore();
      await store.save(record('hash-a', 'family-x'));
      await store.save(record('hash-b', 'family-x'));
      await store.save(record('hash-c', 'family-y'));
      await store.consume('hash-a', NOW);
      await store.revokeFamily('family-x', NOW);
      expect(await store.consume('hash-a', NOW)).toEqual({ kind: 'revoked' });
      expect(await store.consume('hash-b', NOW)).toEqual({ kind: 'revoked' });
      expect((await store.consume('hash-c', NOW)).kind).toBe('consumed');
    });

    it('lets exactly one of many concurrent consumers win', async () => {
      const store = await makeStore();
      await store.save(record('hash-race'));
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => store.consume('hash-race', NOW)));
      expect(outcomes.filter((outcome) => outcome.kind === 'consumed')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.kind === 'reused')).toHaveLength(7);
    });

    it('finds a record without spending it, spent or not', async () => {
      const store = await makeStore();
      await store.save(record('hash-find'));
      expect(await store.find('hash-find')).toEqual(record('hash-find'));
      expect((await store.consume('hash-find', NOW)).kind).toBe('consumed');
      expect(await store.find('hash-find')).toEqual(record('hash-find'));
      expect(await store.find('hash-never')).toBeUndefined();
    });

    it("revokes every family of a user first issued by the revocation, and no later one nor anyone else's", async () => {
      const store = await makeStore();
      await store.save(record('hash-old-1', 'family-old-1'));
      await store.save(record('hash-old-2', 'family-old-2', NOW + 86_400_000, { familyIssuedAt: NOW - 1000 }));
      await store.save(record('hash-bob', 'family-bob', NOW + 86_400_000, { userId: 'bob' }));
      await store.revokeUser('alice', NOW - 1000);
      await store.save(record('hash-new', 'family-new', NOW + 86_400_000, { familyIssuedAt: NOW - 999 }));
      expect(await store.consume('hash-old-1', NOW)).toEqual({ kind: 'revoked' });
      expect(await store.consume('hash-old-2', NOW)).toEqual({ kind: 'revoked' });
      expect((await store.consume('hash-new', NOW)).kind).toBe('consumed');
      expect((await store.consume('hash-bob', NOW)).kind).toBe('consumed');
    });

    it('never lets an older user revocation undo a newer one', async () => {
      const store = await makeStore();
      await store.save(record('hash-between', 'family-between', NOW + 86_400_000, { familyIssuedAt: NOW - 5000 }));
      await store.revokeUser('alice', NOW - 1000);
      await store.revokeUser('alice', NOW - 10_000);
      expect(await store.consume('hash-between', NOW)).toEqual({ kind: 'revoked' });
    });

    it('keeps records without user_info as they were', async () => {
      const store = await makeStore();
      const { userInfo: _omitted, ...plain } = record('hash-plain');
      await store.save(plain);
      expect(await store.consume('hash-plain', NOW)).toEqual({ kind: 'consumed', record: plain });
    });
  });
}
