import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAll, FORBIDDEN_IN_LAMBDA_BUNDLES, REPOSITORY_ROOT, type BuiltBundle } from '../../infrastructure/lambda-bundles.ts';

/** The functions a browser waits on while it connects: no AWS SDK at all (secrets, the handshake's invoke and its first frame go over a signed fetch). */
const AUTH_PATH = ['ws-authorizer', 'http-pusher-auth', 'http-pusher-user-auth', 'channels-connect', 'channels-handshake'];
/** The functions that sign or verify access tokens (ws-message verifies them in `action` auth mode, a runtime setting); no other carries jose. */
const HANDLES_TOKENS = ['http-pusher-auth', 'http-pusher-user-auth', 'http-token', 'ws-authorizer', 'ws-message'];

const packageOf = (input: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
const packagesIn = (inputs: Iterable<string>) => new Set([...inputs].map(packageOf).filter((name) => name !== undefined));
/** Every package in the folder, behind `import()` or not. */
const everyPackage = (bundle: BuiltBundle) => packagesIn(Object.values(bundle.metafile.outputs).flatMap((output) => Object.keys(output.inputs)));

const work = mkdtempSync(path.join(tmpdir(), 'pushgate-bundle-contents-'));
let bundles: BuiltBundle[];

beforeAll(async () => {
  bundles = await bundleAll(path.join(work, 'bundles'));
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('what each Lambda bundle carries (esbuild metafile)', () => {
  it('no bundle carries the default credential chain: Lambda provides credentials in the environment', () => {
    for (const bundle of bundles) {
      const forbidden = [...everyPackage(bundle)].filter((name) => (FORBIDDEN_IN_LAMBDA_BUNDLES as readonly string[]).includes(name));
      expect({ entrypoint: bundle.entrypoint, forbidden }).toEqual({ entrypoint: bundle.entrypoint, forbidden: [] });
    }
  });

  it('every bundle with an AWS client reads credentials from the environment', () => {
    const withSdk = bundles.filter((bundle) => everyPackage(bundle).has('@aws-sdk/core'));
    // Neither channels-connect nor channels-handshake: they invoke and greet over a signed fetch, the latency pusher-js measures starts there.
    expect(withSdk.map((bundle) => bundle.entrypoint).sort()).toEqual([
      'channels-disconnect', 'channels-message', 'http-pusher-api', 'http-pusher-webhook', 'http-token',
      'queue-app-webhooks', 'queue-channel-fan-out', 'queue-notify-connection', 'queue-notify-user', 'ws-connect', 'ws-disconnect', 'ws-message',
    ]);
    for (const bundle of withSdk) expect(everyPackage(bundle).has('@aws-sdk/credential-provider-env')).toBe(true);
  });

  it('the auth path carries no AWS SDK at all', () => {
    for (const name of AUTH_PATH) {
      const bundle = bundles.find((candidate) => candidate.entrypoint === name)!;
      const sdk = [...everyPackage(bundle)].filter((pkg) => pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/'));
      expect({ name, sdk }).toEqual({ name, sdk: [] });
    }
  });

  it('no function loads pusher at cold start: webhooks are checked with node:crypto, the bridge is a lazy chunk', () => {
    const loading = bundles.filter((bundle) => packagesIn(bundle.coldStartInputs).has('pusher')).map((bundle) => bundle.entrypoint);
    expect(loading).toEqual([]);
    const webhook = bundles.find((bundle) => bundle.entrypoint === 'http-pusher-webhook')!;
    expect(everyPackage(webhook).has('pusher')).toBe(false);
    const bridge = bundles.find((bundle) => bundle.entrypoint === 'queue-notify-user')!;
    expect(everyPackage(bridge).has('pusher')).toBe(true);
  });

  it('the auth path carries only the use cases it names: channels-connect and channels-handshake none, the others the access-token ones', () => {
    const ACCESS_TOKEN_USE_CASES = ['domain/channels/authenticate-user.use-case.ts', 'domain/channels/authorize-channel.use-case.ts', 'domain/tokens/verify-access-token.use-case.ts'];
    for (const name of AUTH_PATH) {
      const bundle = bundles.find((candidate) => candidate.entrypoint === name)!;
      const useCases = Object.values(bundle.metafile.outputs).flatMap((output) => Object.keys(output.inputs)).filter((input) => input.endsWith('.use-case.ts')).sort();
      expect({ name, useCases }).toEqual({ name, useCases: name.startsWith('channels-') ? [] : ACCESS_TOKEN_USE_CASES });
    }
  });

  it('only the functions that handle tokens carry jose', () => {
    const carrying = bundles.filter((bundle) => everyPackage(bundle).has('jose')).map((bundle) => bundle.entrypoint);
    expect(carrying.sort()).toEqual(HANDLES_TOKENS);
  });

  it('queue-notify-user loads the SQS client only on its first enqueue: most fan-outs post directly', () => {
    const notifyUser = bundles.find((bundle) => bundle.entrypoint === 'queue-notify-user')!;
    expect(packagesIn(notifyUser.coldStartInputs).has('@aws-sdk/client-sqs')).toBe(false);
    expect(everyPackage(notifyUser).has('@aws-sdk/client-sqs')).toBe(true);
  });

  it.each(['channels-message', 'channels-disconnect', 'http-pusher-api', 'queue-channel-fan-out'] as const)('%s loads the SQS client only when it first enqueues a large channel or signals a webhook', (entrypoint) => {
    const bundle = bundles.find((built) => built.entrypoint === entrypoint)!;
    expect(packagesIn(bundle.coldStartInputs).has('@aws-sdk/client-sqs')).toBe(false);
    expect(everyPackage(bundle).has('@aws-sdk/client-sqs')).toBe(true);
  });

  it("http-token loads neither the Management API client nor pusher at cold start: they serve a user's revocation only", () => {
    const token = bundles.find((bundle) => bundle.entrypoint === 'http-token')!;
    const loaded = packagesIn(token.coldStartInputs);
    expect(loaded.has('@aws-sdk/client-apigatewaymanagementapi')).toBe(false);
    expect(loaded.has('pusher')).toBe(false);
    expect(everyPackage(token).has('@aws-sdk/client-apigatewaymanagementapi')).toBe(true);
    expect(everyPackage(token).has('pusher')).toBe(true);
  });
});

/** A copy of the sources a bundle is built from, at `root`, sharing this checkout's node_modules. */
function checkoutAt(root: string): string {
  mkdirSync(root, { recursive: true });
  for (const entry of ['adapters', 'domain', 'manifest', 'infrastructure', 'package.json', 'tsconfig.json']) cpSync(path.join(REPOSITORY_ROOT, entry), path.join(root, entry), { recursive: true });
  symlinkSync(path.join(REPOSITORY_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  return root;
}

/** Builds `entrypoints` with the checkout's own infrastructure/lambda-bundles.ts in a fresh Node process. */
function buildFrom(checkout: string, outputRoot: string, entrypoints: readonly string[]): void {
  const module = path.join(checkout, 'infrastructure', 'lambda-bundles.ts');
  const script = `const { bundleEntrypoint } = await import(${JSON.stringify(module)}); for (const name of ${JSON.stringify(entrypoints)}) await bundleEntrypoint(name, ${JSON.stringify(outputRoot)});`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: checkout, stdio: 'pipe' });
}

function filesUnder(directory: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(directory, file), readFileSync(file));
  }
  return files;
}

describe('the archives are byte-identical wherever they are built (issue 16.7)', () => {
  it('two checkouts at different paths, into different output folders, give the same bytes', () => {
    // One function without the SDK, one with lazy chunks (the bridge, the SDK's own lazy modules).
    const entrypoints = ['ws-authorizer', 'queue-notify-user'];
    const first = checkoutAt(path.join(work, 'a', 'pushgate'));
    const second = checkoutAt(path.join(work, 'b', 'elsewhere', 'deeper', 'checkout'));
    buildFrom(first, path.join(work, 'out-1'), entrypoints);
    buildFrom(second, path.join(work, 'out-2', 'another', 'stack'), entrypoints);
    for (const name of entrypoints) {
      const one = filesUnder(path.join(work, 'out-1', name));
      const two = filesUnder(path.join(work, 'out-2', 'another', 'stack', name));
      expect([...two.keys()].sort()).toEqual([...one.keys()].sort());
      expect([...one.keys()].filter((file) => file.endsWith('.mjs')).length).toBeGreaterThan(name === 'queue-notify-user' ? 1 : 0);
      for (const [file, bytes] of one) expect({ file, identical: bytes.equals(two.get(file)!) }).toEqual({ file, identical: true });
      // Source maps name files by their place in the repository, never by the folder they were built in.
      const map = JSON.parse(one.get('index.mjs.map')!.toString('utf8')) as { sources: string[] };
      expect(map.sources.filter((source) => source.startsWith('/') || source.startsWith('..'))).toEqual([]);
    }
  }, 180_000);
});
