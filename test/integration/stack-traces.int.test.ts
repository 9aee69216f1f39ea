import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambdaFolder } from '../../infrastructure/lambda-bundles.ts';

// A function as every Lambda entrypoint has it: the module installed (through powertools-logger.ts), code that throws.
const ENTRY = [
  "import './adapters/driving/lambda/powertools-logger.ts';",
  'function refuseEverything(): never {',
  "  throw new Error('refused');",
  '}',
  'export const handler = async () => refuseEverything();',
].join('\n');

const work = mkdtempSync(path.join(tmpdir(), 'pushgate-stack-traces-'));
let file: string;

beforeAll(async () => {
  ({ file } = await buildLambdaFolder({ entry: { source: ENTRY }, directory: path.join(work, 'bundle') }));
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The stack of what the handler threw, in a fresh Node process without any NODE_OPTIONS (as on Lambda); `afterImport` runs between import and call. */
function thrownStack(afterImport = ''): string {
  const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)}); ${afterImport} try { await handler(); } catch (error) { process.stdout.write(error.stack); }`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env['PATH'] }, encoding: 'utf8' });
}

describe('stack traces of a bundled function', () => {
  it('name the TypeScript source, its line and the function, without --enable-source-maps', () => {
    const stack = thrownStack();
    expect(stack.split('\n')[0]).toBe('Error: refused');
    expect(stack).toMatch(/^ {4}at refuseEverything \(entry\.ts:3:9\)$/m);
  });

  it('read the source map when a trace is formatted, not when the function loads', () => {
    // The map is spoiled after the import: had it been read then, the trace would still be mapped.
    const stack = thrownStack(`(await import('node:fs')).writeFileSync(${JSON.stringify(`${file}.map`)}, 'not a map');`);
    expect(stack).not.toContain('entry.ts');
    expect(stack).toContain(`${pathToFileURL(file).href}:`);
  });
});
