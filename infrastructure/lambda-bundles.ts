import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FUNCTION_NAMES } from '../manifest/functions.ts';

/** Every Lambda entrypoint, by the name of its `<name>.handler.ts` in adapters/driving/lambda/ (declared in manifest/functions.ts). */
export const LAMBDA_ENTRYPOINTS = FUNCTION_NAMES;
export type LambdaEntrypoint = (typeof LAMBDA_ENTRYPOINTS)[number];

export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '..');

export interface BuiltBundle {
  readonly entrypoint: LambdaEntrypoint;
  /** The folder to zip: `index.mjs`, the chunks it loads lazily, and their source maps — nothing else. */
  readonly directory: string;
  readonly file: string;
  /** Bytes a cold start loads: `index.mjs` and the chunks it imports statically (not those behind `import()`). */
  readonly bytes: number;
  /** The source files (node_modules paths included) those bytes come from. */
  readonly coldStartInputs: readonly string[];
  readonly metafile: Metafile;
}

/**
 * Where `pulumi up` writes a stack's bundles: inside the checkout (dist/ is ignored by git), the same
 * relative place on every machine, so nothing about the folder reaches the archives.
 */
export function stackBundleRoot(stack: string): string {
  return path.join(REPOSITORY_ROOT, 'dist', 'pulumi', stack);
}

/**
 * Lambda hands every function its role's credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
 * AWS_SESSION_TOKEN. The SDK's default chain (`@aws-sdk/credential-provider-node`) would also bundle
 * the SSO, INI-file, process, IMDS, web-identity and login providers and the nested STS/SSO clients
 * they call — about 130 KB per function, never run. This swaps the chain for the environment reader.
 */
export const ENVIRONMENT_CREDENTIALS_ONLY: Plugin = {
  name: 'pushgate-environment-credentials-only',
  setup(builder) {
    builder.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({ path: 'environment-credentials', namespace: 'pushgate-credentials' }));
    builder.onLoad({ filter: /.*/, namespace: 'pushgate-credentials' }, () => ({
      contents: "export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';",
      resolveDir: REPOSITORY_ROOT,
      loader: 'js',
    }));
  },
};

/** Packages a bundle must never carry: the default credential chain that Lambda never runs. */
export const FORBIDDEN_IN_LAMBDA_BUNDLES = [
  '@aws-sdk/credential-provider-node',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
  '@aws-sdk/client-sso',
  '@aws-sdk/client-sts',
  '@aws-sdk/nested-clients',
  '@aws-sdk/token-providers',
] as const;

/** How every Lambda bundle is built (bench/cold-start builds its baselines from the same options). */
export const LAMBDA_BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  metafile: true,
  legalComments: 'none',
  mainFields: ['module', 'main'],
  logLevel: 'silent',
  // Modules loaded with `import()` (the Pusher bridge) become chunks a cold start does not read.
  splitting: true,
  entryNames: 'index',
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // Read when a stack trace is first formatted (adapters/driving/lambda/source-mapped-stack-traces.ts), not at
  // every cold start as Node's --enable-source-maps would; traces need the mappings, not the sources.
  sourcemap: true,
  sourcesContent: false,
  write: false,
  plugins: [ENVIRONMENT_CREDENTIALS_ONLY],
  // Some CommonJS dependencies call require() for Node built-ins; ESM output needs it defined.
  banner: { js: "import { createRequire as __pushgateCreateRequire } from 'node:module'; const require = __pushgateCreateRequire(import.meta.url);" },
} as const satisfies BuildOptions;

/**
 * A source path as the archive records it: relative to the repository, or from `node_modules/` on,
 * so the same commit maps identically from any checkout folder or output folder.
 */
export function portableSourcePath(absoluteSource: string, repositoryRoot: string = REPOSITORY_ROOT): string {
  const normalized = absoluteSource.split(path.sep).join('/');
  const inPackage = normalized.lastIndexOf('/node_modules/');
  if (inPackage >= 0) return normalized.slice(inPackage + 1);
  return path.relative(repositoryRoot, absoluteSource).split(path.sep).join('/');
}

function portableSourceMap(text: string, mapDirectory: string, repositoryRoot: string): string {
  const map = JSON.parse(text) as { sources: string[] };
  map.sources = map.sources.map((source) => portableSourcePath(path.resolve(mapDirectory, source), repositoryRoot));
  return JSON.stringify(map);
}

export interface BundleRequest {
  /** The module to bundle: a file path, or source text resolved from the repository root. */
  readonly entry: { readonly file: string } | { readonly source: string };
  /** Emptied, then filled with `index.mjs`, its chunks and source maps. */
  readonly directory: string;
  /** Overrides for baselines (bench/cold-start): the default credential chain, an SDK left to the runtime. */
  readonly options?: Pick<BuildOptions, 'plugins' | 'external'>;
}

/**
 * esbuild names chunks by a hash that covers their source maps, whose paths are relative to the
 * output folder: every build therefore happens as if into this one folder inside the checkout (with
 * `preserveSymlinks`, so node_modules is reached through the checkout too) and is then written
 * wherever it was asked for. The same commit gives the same bytes from any checkout, into any folder.
 */
const BUILD_FOLDER = path.join(REPOSITORY_ROOT, 'dist', 'lambda-build');

/** The outputs a cold start loads: the entry and, transitively, what it imports statically. */
function coldStartOutputs(metafile: Metafile): Metafile['outputs'][string][] {
  // Chunks behind `import()` count as entry points too; the function's own is named index (entryNames).
  const entry = Object.keys(metafile.outputs).find((name) => path.basename(name) === 'index.mjs');
  const seen = new Set<string>();
  const pending = entry === undefined ? [] : [entry];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const imported of metafile.outputs[name]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
  }
  return [...seen].map((name) => metafile.outputs[name]!);
}

/** Builds one self-contained, deterministic Lambda folder. */
export async function buildLambdaFolder(request: BundleRequest): Promise<{ file: string; bytes: number; coldStartInputs: string[]; metafile: Metafile }> {
  const { directory } = request;
  const result = await build({
    ...LAMBDA_BUILD_OPTIONS,
    ...('file' in request.entry ? { entryPoints: [request.entry.file] } : { stdin: { contents: request.entry.source, resolveDir: REPOSITORY_ROOT, sourcefile: 'entry.ts', loader: 'ts' } }),
    outdir: BUILD_FOLDER,
    absWorkingDir: REPOSITORY_ROOT,
    preserveSymlinks: true,
    ...request.options,
  });
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  for (const output of result.outputFiles) {
    const contents = output.path.endsWith('.map') ? portableSourceMap(output.text, path.dirname(output.path), REPOSITORY_ROOT) : output.contents;
    writeFileSync(path.join(directory, path.relative(BUILD_FOLDER, output.path)), contents);
  }
  const loaded = coldStartOutputs(result.metafile);
  return {
    file: path.join(directory, 'index.mjs'),
    bytes: loaded.reduce((sum, output) => sum + output.bytes, 0),
    coldStartInputs: [...new Set(loaded.flatMap((output) => Object.keys(output.inputs)))],
    metafile: result.metafile,
  };
}

/**
 * One minified ESM folder per function, AWS SDK v3 inside (a bundled SDK starts faster than the
 * runtime's copy and is pinned by our lock file), for `nodejs24.x` with the handler `index.handler`.
 */
export async function bundleEntrypoint(entrypoint: LambdaEntrypoint, outputRoot: string): Promise<BuiltBundle> {
  const directory = path.join(outputRoot, entrypoint);
  const built = await buildLambdaFolder({ entry: { file: path.join(REPOSITORY_ROOT, 'adapters/driving/lambda', `${entrypoint}.handler.ts`) }, directory });
  return { entrypoint, directory, ...built };
}

export async function bundleAll(outputRoot: string): Promise<BuiltBundle[]> {
  const bundles: BuiltBundle[] = [];
  for (const entrypoint of LAMBDA_ENTRYPOINTS) bundles.push(await bundleEntrypoint(entrypoint, outputRoot));
  return bundles;
}
