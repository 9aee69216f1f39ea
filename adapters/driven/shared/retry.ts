import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  /** Including the first try. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Injected in tests to run without waiting and without chance. */
  readonly sleep?: (milliseconds: number) => Promise<unknown>;
  readonly random?: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 2000 };

/**
 * Retries transient failures with exponential backoff and full jitter (AWS's recommendation: it
 * spreads a burst of throttled callers instead of having them return in lockstep).
 */
export async function withRetries<T>(
  work: () => Promise<T>,
  isTransient: (error: unknown) => boolean,
  policy: RetryPolicy,
  onRetry?: (attempt: number, error: unknown) => void,
): Promise<T> {
  const wait = policy.sleep ?? sleep;
  const random = policy.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= policy.maxAttempts || !isTransient(error)) throw error;
      onRetry?.(attempt, error);
      await wait(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
    }
  }
}

/** The HTTP status an AWS SDK v3 error carries, if any. */
export function httpStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

export function errorNameOf(error: unknown): string | undefined {
  return (error as { name?: string } | null)?.name;
}

const THROTTLING_NAMES = new Set(['LimitExceededException', 'ThrottlingException', 'TooManyRequestsException', 'ThrottledException', 'RequestLimitExceeded']);

/** Throttling, server trouble and network faults pass; a client's mistake (4xx) would only fail again. */
export function isTransientAwsError(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (THROTTLING_NAMES.has(errorNameOf(error) ?? '') || status === 429) return true;
  if (status !== undefined) return status >= 500;
  // No response at all: a reset, a timeout, a refused connection.
  return true;
}
