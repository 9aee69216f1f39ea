import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONAL_FEATURES } from '../conformance/support/conformance-target.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = /## Pusher compatibility\n([\s\S]*?)\n## /.exec(README)?.[1] ?? '';
const table = section.split('### Feature table')[1] ?? '';
/** Every `include` glob of the Vitest projects `npm test` runs. */
const INCLUDES = [...readFileSync(path.join(ROOT, 'vitest.config.ts'), 'utf8').matchAll(/include: \[([^\]]*)\]/g)].flatMap((match) => [...match[1]!.matchAll(/'([^']+)'/g)].map((glob) => glob[1]!));

describe("the README's Pusher compatibility table", () => {
  it('sits right after "Use with the pusher SDK locally" and before "Folders"', () => {
    const headings = [...README.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    const at = headings.indexOf('Pusher compatibility');
    expect(headings.slice(at - 1, at + 2)).toEqual(['Use with the pusher SDK locally', 'Pusher compatibility', 'Folders']);
  });

  it("backs every pushgate cell with tests npm test runs, or says it is not there yet", () => {
    const rows = table.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| feature') && !line.startsWith('|---'));
    expect(rows.length).toBeGreaterThanOrEqual(12);
    for (const row of rows) {
      const cells = row.split('|').slice(1, -1).map((cell) => cell.trim());
      expect(cells, row).toHaveLength(5);
      const pushgate = cells[4]!;
      if (pushgate.startsWith('not yet')) continue;
      const files = [...pushgate.matchAll(/`([^`]+\.ts)`/g)].map((match) => match[1]!);
      for (const file of files) expect(existsSync(path.join(ROOT, file)), `${file} (${cells[0]})`).toBe(true);
      const tests = files.filter((file) => INCLUDES.some((glob) => path.matchesGlob(file, glob)));
      expect(tests.length, `${cells[0]}: no test npm test runs is named`).toBeGreaterThan(0);
    }
  });

  it('defines every footnote it cites, and cites every footnote it defines', () => {
    const body = section.replace(/^\[\^[\w-]+\]:.*$/gm, '');
    const cited = new Set([...body.matchAll(/\[\^([\w-]+)\]/g)].map((match) => match[1]));
    const defined = new Set([...section.matchAll(/^\[\^([\w-]+)\]:/gm)].map((match) => match[1]));
    expect([...cited].sort()).toEqual([...defined].sort());
  });

  it("names the suite's optional features as the suite knows them", () => {
    const row = section.split('\n').find((line) => line.startsWith('| `PUSHGATE_CONFORMANCE_FEATURES`')) ?? '';
    const named = [...row.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]).filter((name) => name !== 'all');
    expect(new Set(named)).toEqual(new Set(Object.keys(OPTIONAL_FEATURES)));
  });
});
