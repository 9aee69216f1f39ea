import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigurationError } from '../../composition/runtime-config.ts';

/** A failure the user can fix from what it says: printed as one line, no stack, exit code 1 or 2. */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/**
 * Runs a command line program: expected failures (a bad flag, a bad setting, a taken port) are
 * one plain line on stderr and a non-zero exit; anything unexpected keeps its stack.
 */
export async function runCli(command: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof UserFacingError) return fail(`${command}: ${error.message}`, error.exitCode);
    if (error instanceof ConfigurationError) return fail(`${command}: ${error.message.replace(/^invalid configuration: /, 'invalid setting: ')}`, 1);
    throw error;
  }
}

function fail(line: string, exitCode: number): void {
  console.error(line);
  process.exitCode = exitCode;
}

/** `parseArgs`, with an unknown flag or a missing value told in one line that points at `--help`. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(command: string, options: T, args: string[], allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      const option = /'(-[^']*)'/.exec((error as Error).message)?.[1];
      const what = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `unknown option ${option ?? ''}` : code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' ? 'unexpected argument' : `bad option ${option ?? ''}`;
      throw new UserFacingError(`${what.trim()} (${command} -- --help lists the options)`, 2);
    }
    throw error;
  }
}

/** A TCP port as a user types it in PORT: a whole number from 0 (any free port) to 65535. */
export function parsePort(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) > 65_535) throw new UserFacingError(`PORT must be a whole number from 0 to 65535, not ${JSON.stringify(raw)}`, 2);
  return Number(raw);
}

/** What a client CLI says when the server at `url` did not answer as pushgate does. */
export async function readPushgateJson(response: Response, url: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  } catch {
    // Not JSON: not pushgate.
  }
  throw new UserFacingError(`something other than pushgate answers at ${url} (HTTP ${response.status}, ${response.headers.get('content-type') ?? 'no content type'}); is PORT right?`);
}
