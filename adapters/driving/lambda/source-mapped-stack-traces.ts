import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Stack traces that name the TypeScript sources, with the source map read when a trace is first
 * formatted. Node's --enable-source-maps reads every loaded file's map and scans its code at load
 * time, which a cold start pays for (6–9 ms per function, bench/cold-start.ts) even though most
 * invocations format no trace at all.
 */

/** The folder this module was bundled into: only its files (index.mjs and its chunks) are mapped. */
const BUNDLE_DIRECTORY = path.dirname(fileURLToPath(import.meta.url));

const maps = new Map<string, SourceMap | undefined>();

/** The map beside a bundle file (`index.mjs.map`), read once; none for other files, or a missing or unreadable map. */
function sourceMapOf(fileName: string | undefined): SourceMap | undefined {
  if (fileName === undefined || !fileName.startsWith('file:')) return undefined;
  if (maps.has(fileName)) return maps.get(fileName);
  let map: SourceMap | undefined;
  try {
    const file = fileURLToPath(fileName);
    if (path.dirname(file) === BUNDLE_DIRECTORY) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  } catch {
    map = undefined;
  }
  maps.set(fileName, map);
  return map;
}

/** The source's name at a 1-based place in the bundle (Node returns it, @types/node does not declare it). */
function nameAt(map: SourceMap, line: number | null, column: number | null): string | undefined {
  if (line === null || column === null) return undefined;
  const { name } = map.findEntry(line - 1, column - 1) as { name?: string };
  return name === undefined || name === '' ? undefined : name;
}

/** The name a minified function had in the source: its enclosing function's, else the one its caller called it by. */
function originalName(map: SourceMap, site: NodeJS.CallSite, caller: NodeJS.CallSite | undefined): string | undefined {
  const enclosing = nameAt(map, site.getEnclosingLineNumber(), site.getEnclosingColumnNumber());
  if (enclosing !== undefined || caller === undefined || caller.getFileName() !== site.getFileName()) return enclosing;
  return nameAt(map, caller.getLineNumber(), caller.getColumnNumber());
}

/** One frame as V8 writes it, or, in a bundle file, as Node's --enable-source-maps does: the source's name and place. */
function frame(site: NodeJS.CallSite, caller: NodeJS.CallSite | undefined): string {
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  const map = sourceMapOf(site.getFileName() ?? undefined);
  if (map === undefined || line === null || column === null) return site.toString();
  const entry = map.findEntry(line - 1, column - 1);
  if (!('originalSource' in entry)) return site.toString();
  const place = `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  const typeName = site.getTypeName();
  const written = `${typeName !== null && typeName !== 'global' && !site.isConstructor() ? `${typeName}.` : ''}${site.getFunctionName() ?? site.getMethodName() ?? ''}`;
  const name = originalName(map, site, caller) ?? written;
  const prefix = `${site.isAsync() ? 'async ' : ''}${site.isConstructor() ? 'new ' : ''}`;
  return name === '' ? `${prefix}${place}` : `${prefix}${name} (${place})`;
}

/** V8's own layout (`Name: message`, then one `    at …` line a frame), frames mapped. */
export function formatStackTrace(error: Error, sites: readonly NodeJS.CallSite[]): string {
  let header: string;
  try {
    header = Error.prototype.toString.call(error);
  } catch {
    header = '<error>';
  }
  return header + sites.map((site, index) => `\n    at ${frameOrAsWritten(site, sites[index + 1])}`).join('');
}

/** A frame that cannot be mapped is written as V8 writes it: reading `error.stack` must never throw (a logger reads it). */
function frameOrAsWritten(site: NodeJS.CallSite, caller: NodeJS.CallSite | undefined): string {
  try {
    return frame(site, caller);
  } catch {
    return site.toString();
  }
}

/** Whether a frame is in this bundle's folder (index.mjs or one of its chunks). */
function inBundle(site: NodeJS.CallSite): boolean {
  const fileName = site.getFileName();
  try {
    return fileName !== null && fileName !== undefined && fileName.startsWith('file:') && path.dirname(fileURLToPath(fileName)) === BUNDLE_DIRECTORY;
  } catch {
    return false;
  }
}

// Installed by every Lambda function (powertools-logger.ts imports this module) before its first
// trace is formatted; only when bundled (`.mjs`), so tests and local mode keep their own stack traces.
// A formatter installed before (a test runner's, when tests import bundles) keeps the traces that
// never pass through this bundle.
if (import.meta.url.endsWith('.mjs')) {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, sites) => (previous === undefined || sites.some(inBundle) ? formatStackTrace(error, sites) : previous(error, sites));
}
