import type { CountedOutcome, Observability } from '../lambda/observability.ts';

export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  /** The appended keys and the line's own attributes together. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/**
 * Observability without Powertools: every log line goes to `write`, counts stay in memory. Local
 * mode prints the lines, tests keep them, benchmarks drop them.
 */
export function createLineObservability(write: (line: LogLine) => void): Observability & { readonly counts: Partial<Record<CountedOutcome, number>> } {
  const counts: Partial<Record<CountedOutcome, number>> = {};
  let keys: Record<string, string | undefined> = {};
  const log = (level: LogLine['level']) => (message: string, attributes: Record<string, unknown> = {}) => write({ level, message, attributes: { ...keys, ...attributes } });
  return {
    counts,
    logger: { info: log('info'), warn: log('warn'), error: log('error'), appendKeys: (more) => (keys = { ...keys, ...more }), resetKeys: () => (keys = {}) },
    metrics: { count: (outcome, value = 1) => (counts[outcome] = (counts[outcome] ?? 0) + value), flush: () => undefined },
  };
}

/** Drops every line: for benchmarks, which must not measure logging. */
export const SILENT_OBSERVABILITY = createLineObservability(() => undefined);
