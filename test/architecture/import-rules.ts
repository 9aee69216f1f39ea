import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface SourceFile {
  /** Repository-relative, forward slashes. */
  readonly path: string;
  readonly text: string;
}

const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'coverage', '.git', '.ci', '.local-data']);

export function readSourceFiles(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
      const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(relative);
      } else if (entry.name.endsWith('.ts')) {
        files.push({ path: relative, text: readFileSync(path.join(root, relative), 'utf8') });
      }
    }
  };
  walk('');
  return files;
}

function importsOf(file: SourceFile): string[] {
  return ts.preProcessFile(file.text, true, true).importedFiles.map((imported) => imported.fileName);
}

/** The one domain file the Pulumi program and manifest/ may import: the WebSocket API's actions. */
const NEUTRAL_DOMAIN_MODULE = 'domain/messaging/actions.ts';

const isTestCode = (filePath: string) => /\.(test|contract)\.ts$/.test(filePath);

/** Where a relative import lands, repository-relative. */
function resolve(fromFile: string, specifier: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
}

/** The house rules of the hexagon; each violation names the file, the import and the rule. */
export function findViolations(files: readonly SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    for (const specifier of importsOf(file)) {
      const relative = specifier.startsWith('.');
      const target = relative ? resolve(file.path, specifier) : specifier;
      if (file.path.startsWith('domain/') && !isTestCode(file.path)) {
        if (relative ? !target.startsWith('domain/') : !specifier.startsWith('node:')) {
          violations.push(`${file.path} imports ${specifier}: domain/ may import only domain/ and node: built-ins`);
        }
      }
      if (file.path.startsWith('domain/') && file.path.endsWith('.contract.ts') && !relative && !specifier.startsWith('node:') && specifier !== 'vitest') {
        violations.push(`${file.path} imports ${specifier}: a contract suite may import only domain/, node: and vitest`);
      }
      if ((specifier === 'inversify' || specifier.startsWith('@inversifyjs/')) && !file.path.startsWith('adapters/composition/') && !file.path.endsWith('.handler.ts')) {
        violations.push(`${file.path} imports ${specifier}: only adapters/composition/ and *.handler.ts may use inversify`);
      }
      if (file.path.startsWith('infrastructure/') && relative) {
        if (target.startsWith('adapters/')) violations.push(`${file.path} imports ${specifier}: infrastructure/ bundles adapters, it never imports them`);
        if (target.startsWith('domain/') && target !== NEUTRAL_DOMAIN_MODULE) {
          violations.push(`${file.path} imports ${specifier}: infrastructure/ may import only ${NEUTRAL_DOMAIN_MODULE} from the domain`);
        }
      }
      // The two sides of the hexagon meet only in adapters/composition/ (and through the domain's ports), handlers included.
      if (relative && !isTestCode(file.path)) {
        if (file.path.startsWith('adapters/driving/') && target.startsWith('adapters/driven/')) violations.push(`${file.path} imports ${specifier}: adapters/driving/ reaches adapters/driven/ only through adapters/composition/`);
        if (file.path.startsWith('adapters/driven/') && target.startsWith('adapters/driving/')) violations.push(`${file.path} imports ${specifier}: adapters/driven/ never imports adapters/driving/ (a port they share belongs in the domain)`);
      }
      // manifest/ holds the facts the runtime and the Pulumi program share; it depends on nothing that runs.
      if (file.path.startsWith('manifest/') && !isTestCode(file.path)) {
        const allowed = relative ? target.startsWith('manifest/') || target === NEUTRAL_DOMAIN_MODULE : specifier.startsWith('node:');
        if (!allowed) violations.push(`${file.path} imports ${specifier}: manifest/ may import only manifest/, ${NEUTRAL_DOMAIN_MODULE} and node: built-ins`);
      }
    }
    if (file.path.startsWith('domain/') && !isTestCode(file.path)) {
      const code = stripComments(file.text);
      for (const forbidden of ['process.env', 'Date.now(', 'Math.random(', 'new Date()']) {
        if (code.includes(forbidden)) violations.push(`${file.path} uses ${forbidden}: the domain gets time, randomness and configuration through ports`);
      }
    }
  }
  return violations;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}
