// Cold start: each Lambda bundle's size and the median time to import it in a fresh Node process,
// beside an empty handler (the floor), one bundle of every entrypoint (the naive monolith), the
// same function with the SDK's default credential chain bundled, and the same function built the
// way most projects ship it (AWS SDK left to the runtime: external, loaded from node_modules).
// Samples are taken round-robin across every bundle, so a busy machine slows them all alike.
// PUSHGATE_BENCH_COLD_BEFORE=<another checkout> (e.g. `git worktree add /tmp/before <commit>`) adds
// that checkout's bundles, built by its own infrastructure/lambda-bundles.ts, as a "before" column,
// imported with PUSHGATE_BENCH_COLD_BEFORE_NODE_OPTIONS (default `--enable-source-maps`: what every
// function ran with until 2026-12-02, when the bundles began to map their own stack traces).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildLambdaFolder, bundleAll, LAMBDA_ENTRYPOINTS, REPOSITORY_ROOT } from '../infrastructure/lambda-bundles.ts';
import { BENCH_LAMBDA_ENVIRONMENT } from './lambda-environment.ts';
import { MACHINE, median, printTable } from './support.ts';

const RUNS = Number(process.env['PUSHGATE_BENCH_COLD_RUNS'] ?? 15);
const BEFORE = process.env['PUSHGATE_BENCH_COLD_BEFORE'];
const BEFORE_NODE_OPTIONS = process.env['PUSHGATE_BENCH_COLD_BEFORE_NODE_OPTIONS'] ?? '--enable-source-maps';
/** Issue 17: every SDK-using function at most 70 ms over the floor (half of the 130–175 ms measured before). */
const SDK_OVER_FLOOR_TARGET_MS = 70;
/** Issue 17: the functions a browser waits on while it connects, within 20 ms of the floor. */
const AUTH_PATH_OVER_FLOOR_TARGET_MS = 20;
const AUTH_PATH = new Set(['ws-authorizer', 'http-pusher-auth', 'http-pusher-user-auth', 'channels-connect', 'channels-handshake']);
const MONOLITH_RATIO_TARGET = 0.6;
/** No function loads the `pusher` package at cold start (webhooks are checked with node:crypto; the bridge loads it on first use). */
const MAY_LOAD_PUSHER = new Set<string>();
/** "Left to the runtime": what CDK's NodejsFunction and most templates mark external on nodejs18.x and later. */
const RUNTIME_SDK = ['@aws-sdk/*', '@smithy/*'];

/** What each dependency costs alone, built like a function (the costs overlap: Node built-ins load once). */
const DEPENDENCIES: Record<string, string> = {
  'inversify (a Container)': "import { Container } from 'inversify'; export const probe = new Container();",
  jose: "import * as jose from 'jose'; export const probe = jose;",
  'Powertools Logger': "import { Logger } from '@aws-lambda-powertools/logger'; export const probe = new Logger({ serviceName: 'probe' });",
  'Powertools Metrics': "import { Metrics } from '@aws-lambda-powertools/metrics'; export const probe = new Metrics({ namespace: 'probe' });",
  'aws4fetch (SSM reads)': "import { AwsClient } from 'aws4fetch'; export const probe = AwsClient;",
  'DynamoDB document client': "import { createDocumentClient } from './adapters/driven/dynamodb/document-client.ts'; export const probe = createDocumentClient({ region: 'eu-west-1' });",
  'SQS client': "import { SQSClient } from '@aws-sdk/client-sqs'; export const probe = new SQSClient({ region: 'eu-west-1' });",
  'Management API client': "import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi'; export const probe = new ApiGatewayManagementApiClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:9' });",
  pusher: "import Pusher from 'pusher'; export const probe = Pusher;",
};

// Inside the checkout, so bundles that leave the SDK external find it in node_modules.
const work = path.join(REPOSITORY_ROOT, 'dist', `bench-cold-start-${process.pid}`);

interface Measured {
  readonly bytes: number;
  readonly file: string;
  /** NODE_OPTIONS for its imports: none, as on Lambda, but for the "before" bundles. */
  readonly nodeOptions?: string;
  wall: number[];
  cpu: number[];
}

const measured = new Map<string, Measured>();

async function add(key: string, entry: { file: string } | { source: string }, options?: Parameters<typeof buildLambdaFolder>[0]['options']): Promise<void> {
  const built = await buildLambdaFolder({ entry, directory: path.join(work, key.replace(/[^\w-]+/g, '_')), ...(options === undefined ? {} : { options }) });
  measured.set(key, { bytes: built.bytes, file: built.file, wall: [], cpu: [] });
}

/** One fresh process, with no Node options (as every function runs): milliseconds from `import()` to a resolved module (top-level await included), wall and CPU. */
function sample(file: string, nodeOptions?: string): { wall: number; cpu: number } {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...BENCH_LAMBDA_ENVIRONMENT, ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }), PATH: process.env['PATH'] }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`importing ${file} exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as { wall: number; cpu: number };
}

const wallOf = (key: string) => median(measured.get(key)!.wall);
const cpuOf = (key: string) => median(measured.get(key)!.cpu);
const kbOf = (key: string) => measured.get(key)!.bytes / 1024;

/** The other checkout's bundles, built there by its own code (in a fresh process, from its own folder). */
function addBefore(checkout: string): void {
  const module = path.join(checkout, 'infrastructure', 'lambda-bundles.ts');
  const script = `const { bundleAll } = await import(${JSON.stringify(module)}); const built = await bundleAll(${JSON.stringify(path.join(work, 'before'))}); process.stdout.write(JSON.stringify(built.map(({ entrypoint, file, bytes }) => ({ entrypoint, file, bytes }))));`;
  const built = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: checkout, encoding: 'utf8' })) as { entrypoint: string; file: string; bytes: number }[];
  for (const { entrypoint, file, bytes } of built) measured.set(`${entrypoint} (before)`, { bytes, file, nodeOptions: BEFORE_NODE_OPTIONS, wall: [], cpu: [] });
}

mkdirSync(work, { recursive: true });
try {
  await add('floor', { source: 'export const handler = async () => ({ statusCode: 200 });' });
  await add('monolith', { source: LAMBDA_ENTRYPOINTS.map((name, index) => `export { handler as h${index} } from './adapters/driving/lambda/${name}.handler.ts';`).join('\n') });
  const bundles = await bundleAll(path.join(work, 'functions'));
  const usesSdk = new Set(bundles.filter((bundle) => Object.keys(bundle.metafile.inputs).some((input) => input.includes('node_modules/@aws-sdk/'))).map((bundle) => bundle.entrypoint));
  const loadsPusher = new Set(bundles.filter((bundle) => bundle.coldStartInputs.some((input) => input.includes('node_modules/pusher/'))).map((bundle) => bundle.entrypoint));
  for (const bundle of bundles) {
    measured.set(bundle.entrypoint, { bytes: bundle.bytes, file: bundle.file, wall: [], cpu: [] });
    if (!usesSdk.has(bundle.entrypoint)) continue;
    const entry = { file: path.join(REPOSITORY_ROOT, 'adapters/driving/lambda', `${bundle.entrypoint}.handler.ts`) };
    await add(`${bundle.entrypoint} (default chain)`, entry, { plugins: [] });
    await add(`${bundle.entrypoint} (SDK from runtime)`, entry, { plugins: [], external: RUNTIME_SDK });
  }
  for (const [name, source] of Object.entries(DEPENDENCIES)) await add(`dependency: ${name}`, { source });
  if (BEFORE !== undefined) addBefore(path.resolve(BEFORE));

  for (let run = 0; run < RUNS; run++) {
    for (const entry of measured.values()) {
      const { wall, cpu } = sample(entry.file, entry.nodeOptions);
      entry.wall.push(wall);
      entry.cpu.push(cpu);
    }
  }

  const floorMs = wallOf('floor');
  const monolithMs = wallOf('monolith');
  const rows: (string | number)[][] = [];
  const misses: string[] = [];
  for (const { entrypoint: name } of bundles) {
    const ms = wallOf(name);
    const overFloor = ms - floorMs;
    const checks: string[] = [];
    if (AUTH_PATH.has(name) && overFloor > AUTH_PATH_OVER_FLOOR_TARGET_MS) checks.push(`> ${AUTH_PATH_OVER_FLOOR_TARGET_MS} ms over floor`);
    if (usesSdk.has(name) && overFloor > SDK_OVER_FLOOR_TARGET_MS) checks.push(`> ${SDK_OVER_FLOOR_TARGET_MS} ms over floor`);
    if (ms > MONOLITH_RATIO_TARGET * monolithMs) checks.push(`> ${MONOLITH_RATIO_TARGET} x monolith`);
    if (loadsPusher.has(name) && !MAY_LOAD_PUSHER.has(name)) checks.push('loads pusher at cold start');
    if (checks.length > 0) misses.push(`${name}: ${checks.join(', ')}`);
    const chain = usesSdk.has(name) ? `${name} (default chain)` : undefined;
    const runtime = usesSdk.has(name) ? `${name} (SDK from runtime)` : undefined;
    const before = `${name} (before)`;
    rows.push([
      name,
      ...(BEFORE === undefined ? [] : measured.has(before) ? [kbOf(before), wallOf(before) - floorMs] : ['-', '-']),
      kbOf(name),
      ms,
      overFloor,
      cpuOf(name) - cpuOf('floor'),
      chain === undefined ? '-' : kbOf(chain),
      chain === undefined ? '-' : wallOf(chain) - floorMs,
      runtime === undefined ? '-' : wallOf(runtime) - floorMs,
      runtime === undefined ? '-' : `${(wallOf(runtime) / ms).toFixed(1)} x`,
      checks.length === 0 ? 'ok' : `MISS: ${checks.join('; ')}`,
    ]);
  }
  const noBefore = BEFORE === undefined ? [] : ['-', '-'];
  rows.push(['(floor: empty handler)', ...noBefore, kbOf('floor'), floorMs, 0, 0, '-', '-', '-', '-', '']);
  rows.push([`(monolith: all ${LAMBDA_ENTRYPOINTS.length})`, ...noBefore, kbOf('monolith'), monolithMs, monolithMs - floorMs, cpuOf('monolith') - cpuOf('floor'), '-', '-', '-', '-', '']);
  printTable(
    `Cold start — median import of ${RUNS} fresh processes each, sampled round-robin (${MACHINE})`,
    ['bundle', ...(BEFORE === undefined ? [] : [`before KB (${path.basename(path.resolve(BEFORE))})`, `before over floor ms (NODE_OPTIONS=${BEFORE_NODE_OPTIONS})`]), 'KB', 'import ms', 'over floor ms', 'CPU over floor ms', 'default chain KB', 'default chain over floor ms', 'SDK from runtime over floor ms', 'runtime SDK ÷ pushgate', 'targets'],
    rows,
  );
  printTable(
    'What each dependency costs alone, over the floor (the costs overlap: Node built-ins and the SDK core load once)',
    ['dependency', 'KB', 'over floor ms', 'CPU over floor ms'],
    Object.keys(DEPENDENCIES).map((name) => [name, kbOf(`dependency: ${name}`), wallOf(`dependency: ${name}`) - floorMs, cpuOf(`dependency: ${name}`) - cpuOf('floor')]),
  );
  console.log(
    `cold start targets: ${[...AUTH_PATH].filter((name) => measured.has(name)).join(', ')} at most ${AUTH_PATH_OVER_FLOOR_TARGET_MS} ms over the floor; ` +
      `every SDK-using function at most ${SDK_OVER_FLOOR_TARGET_MS} ms over the floor; every bundle at most ${MONOLITH_RATIO_TARGET} x the monolith's import time; ` +
      `pusher at cold start ${MAY_LOAD_PUSHER.size === 0 ? 'in none' : `only in ${[...MAY_LOAD_PUSHER].join(', ')}`}`,
  );
  console.log('queue-notify-user loads its SQS client on its first enqueue, which only fan-outs past the direct threshold make: not counted above (the SQS client alone costs what the dependency table shows)');
  console.log(misses.length === 0 ? `cold start: all ${bundles.length} bundles meet their targets` : `cold start: ${misses.length} of ${bundles.length} bundles miss a target — ${misses.join(' | ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
