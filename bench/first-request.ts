// What a function's first request costs after its import: the cold-start bench times `import()`
// only, and both ways of posting to @connections load more on first use (the SDK client its request
// path, Node's fetch its engine). Each sample is a fresh process that builds the notifier (from the
// sources, not the bundles), then posts twice to a loopback @connections stand-in; the second post is
// the warm baseline, measured in the same process.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPOSITORY_ROOT } from '../infrastructure/lambda-bundles.ts';
import { MACHINE, median, printTable, runNode } from './support.ts';

const RUNS = Number(process.env['PUSHGATE_BENCH_FIRST_REQUEST_RUNS'] ?? 11);

const NOTIFIERS = {
  'SDK client (ApiGatewayConnectionNotifier)': { file: 'adapters/driven/apigateway/api-gateway-connection-notifier.ts', build: 'new module.ApiGatewayConnectionNotifier({ endpoint, region })' },
  'signed fetch (SignedFetchConnectionNotifier)': {
    file: 'adapters/driven/apigateway/signed-fetch-connection-notifier.ts',
    build: 'new module.SignedFetchConnectionNotifier({ endpoint, region, credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY } })',
  },
} as const;

function sample(notifier: (typeof NOTIFIERS)[keyof typeof NOTIFIERS]): { first: number; second: number } {
  const script = `
    import { createServer } from 'node:http';
    const server = createServer((request, response) => { request.resume(); request.on('end', () => response.end()); });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = 'http://127.0.0.1:' + server.address().port + '/stage';
    const region = 'eu-west-1';
    const module = await import(${JSON.stringify(pathToFileURL(path.join(REPOSITORY_ROOT, notifier.file)).href)});
    const notifier = ${notifier.build};
    const imported = performance.now();
    await notifier.send('abc=', 'x');
    const first = performance.now();
    await notifier.send('abc=', 'x');
    const second = performance.now();
    server.close();
    process.stdout.write(JSON.stringify({ first: first - imported, second: second - first }));`;
  return JSON.parse(runNode(['--input-type=module', '-e', script], { PATH: process.env['PATH'], AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'eu-west-1' })) as { first: number; second: number };
}

const samples = new Map<string, { first: number; second: number }[]>(Object.keys(NOTIFIERS).map((name) => [name, []]));
// Round-robin, so a busy moment slows both alike.
for (let run = 0; run < RUNS; run += 1) for (const [name, notifier] of Object.entries(NOTIFIERS)) samples.get(name)!.push(sample(notifier));

printTable(
  `First request after the import — median of ${RUNS} fresh processes each, a loopback @connections stand-in (${MACHINE})`,
  // No import column: imported from the sources, not the bundles (bench/cold-start.ts times those).
  ['notifier', 'first post ms', 'second post ms (warm)', 'first over warm ms'],
  [...samples].map(([name, runs]) => {
    const [first, second] = [median(runs.map((run) => run.first)), median(runs.map((run) => run.second))];
    return [name, first, second, first - second];
  }),
);
