import { createLineObservability, type LogLine } from '../../adapters/driving/local/line-observability.ts';

/** Observability that remembers instead of printing, so tests can check what was logged and counted. */
export function recordingObservability() {
  const lines: LogLine[] = [];
  const observability = createLineObservability((line) => lines.push(line));
  return { observability, lines, counts: observability.counts };
}
