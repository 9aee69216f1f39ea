import type { Clock } from '../../../domain/shared/clock.port.ts';

/** A clock that moves only when told: for tests that cross expiry times without waiting. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start = Date.UTC(2026, 10, 22, 12, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
