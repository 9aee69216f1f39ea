// Cold start: each Lambda bundle's size and the median time to import it in a fresh Node process,
// beside an empty handler (the floor) and one bundle of every entrypoint (the naive monolith).
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleAll, LAMBDA_BUILD_OPTIONS, LAMBDA_ENTRYPOINTS } from '../infrastructure/lambda-bundles.ts';
import { BENCH_LAMBDA_ENVIRONMENT } from './lambda-environment.ts';
import { MACHINE, median, printTable, runNode } from './support.ts';

const RUNS = Number(process.env['PUSHGATE_BENCH_COLD_RUNS'] ?? 15);
const SIZE_TARGET_KB = 150;
const OVER_FLOOR_TARGET_MS = 15;
const MONOLITH_RATIO_TARGET = 0.6;
const LATENCY_CRITICAL = new Set(['http-pusher-auth', 'http-token', 'ws-authorizer']);
/** Only functions that call Pusher's HTTP API (or validate its webhooks) may carry the `pusher` package. */
const MAY_BUNDLE_PUSHER = new Set(['http-pusher-webhook', 'queue-notify-user']);

const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'pushgate-cold-start-'));

async function bundleOne(name: string, source: string): Promise<{ file: string; bytes: number; inputs: string[] }> {
  const file = path.join(work, name, 'index.mjs');
  const result = await build({ ...LAMBDA_BUILD_OPTIONS, stdin: { contents: source, resolveDir: root, loader: 'ts' }, outfile: file });
  const output = Object.values(result.metafile.outputs)[0]!;
  return { file, bytes: output.bytes, inputs: Object.keys(output.inputs) };
}

/** Median milliseconds from `import()` to a resolved module, top-level await (config, container) included. */
function importTime(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const samples = Array.from({ length: RUNS }, () => Number(runNode(['--input-type=module', '-e', script], { ...BENCH_LAMBDA_ENVIRONMENT, PATH: process.env['PATH'] })));
  return median(samples);
}

try {
  const floor = await bundleOne('floor', 'export const handler = async () => ({ statusCode: 200 });');
  const monolith = await bundleOne('monolith', LAMBDA_ENTRYPOINTS.map((name, index) => `export { handler as h${index} } from './adapters/driving/lambda/${name}.handler.ts';`).join('\n'));
  const bundles = await bundleAll(path.join(work, 'functions'));
  const floorMs = importTime(floor.file);
  const monolithMs = importTime(monolith.file);
  const rows: (string | number)[][] = [];
  const misses: string[] = [];
  for (const bundle of bundles) {
    const ms = importTime(bundle.file);
    const kb = bundle.bytes / 1024;
    const withPusher = Object.keys(bundle.metafile.inputs).some((input) => input.includes('node_modules/pusher/'));
    const checks: string[] = [];
    if (LATENCY_CRITICAL.has(bundle.entrypoint)) {
      if (kb > SIZE_TARGET_KB) checks.push(`size > ${SIZE_TARGET_KB} KB`);
      if (ms - floorMs > OVER_FLOOR_TARGET_MS) checks.push(`> ${OVER_FLOOR_TARGET_MS} ms over floor`);
    }
    if (ms > MONOLITH_RATIO_TARGET * monolithMs) checks.push(`> ${MONOLITH_RATIO_TARGET} x monolith`);
    if (withPusher && !MAY_BUNDLE_PUSHER.has(bundle.entrypoint)) checks.push('bundles pusher');
    if (checks.length > 0) misses.push(`${bundle.entrypoint}: ${checks.join(', ')}`);
    rows.push([bundle.entrypoint, kb, ms, ms - floorMs, ms / monolithMs, withPusher ? 'yes' : 'no', checks.length === 0 ? 'ok' : `MISS: ${checks.join('; ')}`]);
  }
  rows.push(['(floor: empty handler)', floor.bytes / 1024, floorMs, 0, floorMs / monolithMs, 'no', '']);
  rows.push(['(monolith: all ten)', monolith.bytes / 1024, monolithMs, monolithMs - floorMs, 1, 'yes', '']);
  printTable(`Cold start — median import of ${RUNS} fresh processes each (${MACHINE})`, ['bundle', 'KB', 'import ms', 'over floor ms', 'x monolith', 'pusher', 'targets'], rows);
  console.log(
    `cold start targets: ${[...LATENCY_CRITICAL].join(', ')} at most ${SIZE_TARGET_KB} KB and ${OVER_FLOOR_TARGET_MS} ms over the floor; ` +
      `every bundle at most ${MONOLITH_RATIO_TARGET} x the monolith's import time; pusher only in ${[...MAY_BUNDLE_PUSHER].join(', ')}`,
  );
  console.log(misses.length === 0 ? `cold start: all ${bundles.length} bundles meet their targets` : `cold start: ${misses.length} of ${bundles.length} bundles miss a target — ${misses.join(' | ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
