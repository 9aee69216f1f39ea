import { build } from 'esbuild';
const r = await build({ entryPoints: [process.argv[2]], bundle: true, platform: 'node', format: 'esm', target: 'node24', minify: true, metafile: true, write: false, mainFields: ['module','main'], logLevel: 'silent' });
const inputs = Object.values(r.metafile.outputs)[0].inputs;
const byPkg = {};
for (const [file, info] of Object.entries(inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  const key = m ? m[1] : file.split('/').slice(0,2).join('/');
  byPkg[key] = (byPkg[key] || 0) + info.bytesInOutput;
}
Object.entries(byPkg).sort((a,b)=>b[1]-a[1]).slice(0,15).forEach(([k,v])=>console.log((v/1024).toFixed(1).padStart(8), k));
