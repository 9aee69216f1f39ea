/**
 * Remembers what has been received, until it no longer needs remembering. Of concurrent calls with
 * one key exactly one sees `true`. Keys are digests, never the secret material they stand for.
 */
export interface ReplayGuard {
  /** True the first time `key` is seen; remembered at least until `expiresAt` (ms since the epoch). */
  firstSeen(key: string, expiresAt: number): Promise<boolean>;
  /** Forgets `key`, so the sender's retry of something that failed here is taken as new. */
  forget(key: string): Promise<void>;
}
