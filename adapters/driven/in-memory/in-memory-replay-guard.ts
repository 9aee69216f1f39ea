import type { Clock } from '../../../domain/shared/clock.port.ts';
import type { ReplayGuard } from '../../../domain/webhooks/replay-guard.port.ts';

/** Keys until they expire; each call sweeps the expired ones, so a long-running `npm start` stays small. */
export class InMemoryReplayGuard implements ReplayGuard {
  private readonly seen = new Map<string, number>();
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  async firstSeen(key: string, expiresAt: number): Promise<boolean> {
    const now = this.clock.now();
    for (const [seenKey, until] of this.seen) if (until <= now) this.seen.delete(seenKey);
    if (this.seen.has(key)) return false;
    this.seen.set(key, expiresAt);
    return true;
  }

  async forget(key: string): Promise<void> {
    this.seen.delete(key);
  }

  get size(): number {
    return this.seen.size;
  }
}
