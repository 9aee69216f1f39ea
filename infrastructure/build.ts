// `npm run build`: writes dist/lambda/<entrypoint>/index.mjs for every function and prints the sizes.
import path from 'node:path';
import { bundleAll } from './lambda-bundles.ts';

const outputRoot = path.resolve(import.meta.dirname, '../dist/lambda');
const bundles = await bundleAll(outputRoot);
for (const bundle of bundles) {
  console.log(`${bundle.entrypoint.padEnd(24)} ${(bundle.bytes / 1024).toFixed(1).padStart(8)} KB  ${path.relative(process.cwd(), bundle.file)}`);
}
