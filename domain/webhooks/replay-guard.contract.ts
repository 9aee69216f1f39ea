import { describe, expect, it } from 'vitest';
import type { ReplayGuard } from './replay-guard.port.ts';

const LATER = Date.UTC(2030, 0, 1);

/** What every ReplayGuard must do; each adapter's test file runs this against its own store. */
export function describeReplayGuardContract(adapterName: string, makeGuard: () => Promise<ReplayGuard> | ReplayGuard): void {
  describe(`ReplayGuard contract: ${adapterName}`, () => {
    it('sees a key first once, then as a replay', async () => {
      const guard = await makeGuard();
      expect(await guard.firstSeen('key-1', LATER)).toBe(true);
      expect(await guard.firstSeen('key-1', LATER)).toBe(false);
      expect(await guard.firstSeen('key-1', LATER + 1)).toBe(false);
    });

    it('keeps keys apart', async () => {
      const guard = await makeGuard();
      expect(await guard.firstSeen('key-a', LATER)).toBe(true);
      expect(await guard.firstSeen('key-b', LATER)).toBe(true);
    });

    it('lets exactly one of many concurrent callers see a key first', async () => {
      const guard = await makeGuard();
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => guard.firstSeen('key-race', LATER)));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });

    it('takes a forgotten key as new, and forgetting an unknown key is harmless', async () => {
      const guard = await makeGuard();
      await guard.firstSeen('key-retry', LATER);
      await guard.forget('key-retry');
      await guard.forget('key-never');
      expect(await guard.firstSeen('key-retry', LATER)).toBe(true);
      expect(await guard.firstSeen('key-retry', LATER)).toBe(false);
    });
  });
}
