import type { CountedOutcome, Observability } from '../../adapters/driving/lambda/observability.ts';

/** Observability that remembers instead of printing, so tests can check what was logged and counted. */
export function recordingObservability() {
  const lines: { level: string; message: string; attributes: Record<string, unknown> }[] = [];
  const counts: Partial<Record<CountedOutcome, number>> = {};
  let keys: Record<string, string | undefined> = {};
  const log = (level: string) => (message: string, attributes: Record<string, unknown> = {}) => lines.push({ level, message, attributes: { ...keys, ...attributes } });
  const observability: Observability = {
    logger: { info: log('info'), warn: log('warn'), error: log('error'), appendKeys: (more) => (keys = { ...keys, ...more }), resetKeys: () => (keys = {}) },
    metrics: { count: (outcome, value = 1) => (counts[outcome] = (counts[outcome] ?? 0) + value), flush: () => undefined },
  };
  return { observability, lines, counts };
}
