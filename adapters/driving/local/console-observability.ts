import { createLineObservability, type LogLine } from './line-observability.ts';

/** Local mode's logs: one compact line each on stderr, or nothing when quiet. */
export function consoleObservability(quiet: boolean): ReturnType<typeof createLineObservability> {
  return createLineObservability(quiet ? () => undefined : printLine);
}

function printLine({ level, message, attributes }: LogLine): void {
  const details = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  process.stderr.write(`${new Date().toISOString()} ${level.padEnd(5)} ${message}${details === '' ? '' : ` ${details}`}\n`);
}
