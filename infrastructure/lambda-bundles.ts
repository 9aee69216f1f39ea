import { build, type BuildOptions, type Metafile } from 'esbuild';
import path from 'node:path';
import { FUNCTION_NAMES } from '../manifest/functions.ts';

/** Every Lambda entrypoint, by the name of its `<name>.handler.ts` in adapters/driving/lambda/ (declared in manifest/functions.ts). */
export const LAMBDA_ENTRYPOINTS = FUNCTION_NAMES;
export type LambdaEntrypoint = (typeof LAMBDA_ENTRYPOINTS)[number];

const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '..');

export interface BuiltBundle {
  readonly entrypoint: LambdaEntrypoint;
  /** The folder to zip: `index.mjs` and its source map. */
  readonly directory: string;
  readonly file: string;
  readonly bytes: number;
  readonly metafile: Metafile;
}

/** How every Lambda bundle is built (shared with bench/cold-start, so its baselines are built alike). */
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
  // Some CommonJS dependencies call require() for Node built-ins; ESM output needs it defined.
  banner: { js: "import { createRequire as __pushgateCreateRequire } from 'node:module'; const require = __pushgateCreateRequire(import.meta.url);" },
} as const satisfies BuildOptions;

/**
 * One minified ESM file per function, AWS SDK v3 inside (a bundled SDK starts faster than the
 * runtime's copy and is pinned by our lock file), for `nodejs24.x` with the handler `index.handler`.
 */
export async function bundleEntrypoint(entrypoint: LambdaEntrypoint, outputRoot: string): Promise<BuiltBundle> {
  const directory = path.join(outputRoot, entrypoint);
  const file = path.join(directory, 'index.mjs');
  const result = await build({
    ...LAMBDA_BUILD_OPTIONS,
    entryPoints: [path.join(REPOSITORY_ROOT, 'adapters/driving/lambda', `${entrypoint}.handler.ts`)],
    outfile: file,
    sourcemap: true,
  });
  const output = Object.entries(result.metafile.outputs).find(([name]) => name.endsWith('index.mjs'));
  return { entrypoint, directory, file, bytes: output?.[1].bytes ?? 0, metafile: result.metafile };
}

export async function bundleAll(outputRoot: string): Promise<BuiltBundle[]> {
  const bundles: BuiltBundle[] = [];
  for (const entrypoint of LAMBDA_ENTRYPOINTS) bundles.push(await bundleEntrypoint(entrypoint, outputRoot));
  return bundles;
}
