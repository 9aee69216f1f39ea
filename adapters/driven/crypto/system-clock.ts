import type { Clock } from '../../../domain/shared/clock.port.ts';

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}
