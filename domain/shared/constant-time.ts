import { createHash, timingSafeEqual } from 'node:crypto';

/** Equality that takes the same time whatever the inputs: compares SHA-256 digests, so lengths leak nothing either. */
export function constantTimeEquals(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a, 'utf8').digest(), createHash('sha256').update(b, 'utf8').digest());
}
