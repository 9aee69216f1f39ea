import type { CountedOutcome, Observability } from '../lambda/observability.ts';

/** Local mode's logs: one compact line each on stderr, or nothing when quiet. */
export function consoleObservability(quiet: boolean): Observability & { readonly counts: Partial<Record<CountedOutcome, number>> } {
  const counts: Partial<Record<CountedOutcome, number>> = {};
  let keys: Record<string, string | undefined> = {};
  const log = (level: string) => (message: string, attributes: Record<string, unknown> = {}) => {
    if (quiet) return;
    const details = Object.entries({ ...keys, ...attributes })
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    process.stderr.write(`${new Date().toISOString()} ${level.padEnd(5)} ${message}${details === '' ? '' : ` ${details}`}\n`);
  };
  return {
    counts,
    logger: { info: log('info'), warn: log('warn'), error: log('error'), appendKeys: (more) => (keys = { ...keys, ...more }), resetKeys: () => (keys = {}) },
    metrics: { count: (outcome, value = 1) => (counts[outcome] = (counts[outcome] ?? 0) + value), flush: () => undefined },
  };
}
