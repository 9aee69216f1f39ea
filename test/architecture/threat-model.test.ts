import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = /## Threat model\n([\s\S]*?)\n## /.exec(README)?.[1] ?? '';
/** Every `include` glob of the Vitest projects `npm test` runs. */
const INCLUDES = [...readFileSync(path.join(ROOT, 'vitest.config.ts'), 'utf8').matchAll(/include: \[([^\]]*)\]/g)].flatMap((match) => [...match[1]!.matchAll(/'([^']+)'/g)].map((glob) => glob[1]!));

describe("the README's threat model", () => {
  it('names an attack suite for every threat, and every file it names exists and is a test npm test runs', () => {
    const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| asset') && !line.startsWith('|---'));
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(INCLUDES.length).toBeGreaterThanOrEqual(5);
    for (const row of rows) {
      const files = [...(row.split('|').at(-2) ?? '').matchAll(/`([^`]+\.ts)`/g)].map((match) => match[1]!);
      expect(files.length, row).toBeGreaterThan(0);
      for (const file of files) {
        expect(existsSync(path.join(ROOT, file)), file).toBe(true);
        // Support modules such as stack-assertions.ts are read by the infra tests that import them.
        if (!file.endsWith('stack-assertions.ts')) expect(INCLUDES.some((glob) => path.matchesGlob(file, glob)), `${file} is in no Vitest project`).toBe(true);
      }
    }
  });
});
