import { describe, expect, it } from 'vitest';
import type { RefreshTokenRecord, RefreshTokenStore } from './refresh-token-store.port.ts';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

function record(tokenHash: string, familyId = 'family-1', expiresAt = NOW + 86_400_000): RefreshTokenRecord {
  return { tokenHash, familyId, userId: 'alice', channels: ['private-chat-*'], userInfo: { name: 'Alice' }, expiresAt };
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
      await store.revokeFamily('family-x');
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

    it('keeps records without user_info as they were', async () => {
      const store = await makeStore();
      const { userInfo: _omitted, ...plain } = record('hash-plain');
      await store.save(plain);
      expect(await store.consume('hash-plain', NOW)).toEqual({ kind: 'consumed', record: plain });
    });
  });
}
