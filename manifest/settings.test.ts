import * as pulumi from '@pulumi/pulumi';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRuntimeConfig } from '../adapters/composition/runtime-config.ts';
import { readStackConfig, type ConfigSource } from '../infrastructure/config.ts';
import { TEST_ENVIRONMENT } from '../test/support/test-environment.ts';
import { renderEnvironmentTable, renderStackTable } from './settings-tables.ts';
import { SETTING_NAMES, SETTINGS, type Setting } from './settings.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const README = path.join(ROOT, 'README.md');

/** The stack settings a shipped `Pulumi.<stack>.yaml` sets, by name. */
function shippedSettings(stack: 'staging' | 'production'): Record<string, string> {
  const yaml = readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), 'utf8');
  return Object.fromEntries([...yaml.matchAll(/^\s+pushgate:(\w+):\s*"?([^"\n]*?)"?\s*$/gm)].map((match) => [match[1]!, match[2]!]));
}

/** The first markdown table in `section` whose header starts like `header`, to the first line that is not a row. */
function tableIn(readme: string, section: string, header: string): { table: string; start: number; end: number } {
  const sectionStart = readme.indexOf(`\n${section}\n`);
  const firstCell = header.slice(0, header.indexOf(' | '));
  const start = sectionStart < 0 ? -1 : readme.indexOf(`\n${firstCell} |`, sectionStart) + 1;
  if (start <= 0) return { table: '', start: -1, end: -1 };
  const lines = readme.slice(start).split('\n');
  const table = lines.slice(0, lines.findIndex((line) => !line.startsWith('|'))).join('\n');
  return { table, start, end: start + table.length };
}

describe('the settings schema', () => {
  const tables = [
    ['## Configuration', renderEnvironmentTable()],
    ['## Deploy to AWS', renderStackTable({ staging: shippedSettings('staging'), production: shippedSettings('production') })],
  ] as const;

  // `UPDATE_README=1 npm exec -- vitest run manifest/settings.test.ts` rewrites the tables after a schema change.
  it.each(tables)('is what the README\'s table in "%s" says', (section, expected) => {
    let readme = readFileSync(README, 'utf8');
    const found = tableIn(readme, section, expected);
    if (process.env['UPDATE_README'] === '1' && found.start >= 0) {
      readme = readme.slice(0, found.start) + expected + readme.slice(found.end);
      writeFileSync(README, readme);
    }
    expect(tableIn(readme, section, expected).table).toBe(expected);
  });

  it.each(['staging', 'production'] as const)('knows every key Pulumi.%s.yaml sets, and the file sets no secret in plain text', (stack) => {
    for (const key of Object.keys(shippedSettings(stack))) {
      expect(SETTING_NAMES, `pushgate:${key}`).toContain(key);
      const setting: Setting = SETTINGS[key as keyof typeof SETTINGS];
      expect(setting.stack, `pushgate:${key}`).toBe(true);
      expect(setting.kind, `pushgate:${key}`).not.toBe('secret');
    }
  });

  describe('one range per setting, enforced alike at runtime and on the stack', () => {
    const accepts = (read: () => unknown) => {
      try {
        read();
        return true;
      } catch {
        return false;
      }
    };
    const source = (values: Record<string, string>): ConfigSource => ({
      get: (key) => ({ pusherAppId: '1', pusherKey: 'key', ...values })[key],
      requireSecret: () => pulumi.secret('s'),
      getSecret: () => undefined,
    });
    const shared = SETTING_NAMES.filter((name) => {
      const setting: Setting = SETTINGS[name];
      return setting.kind === 'integer' && setting.env !== undefined && setting.stack === true;
    });
    // The lifetime pair must stay ordered, so each bound is tried with its partner at the same value.
    const PARTNERS: Partial<Record<string, keyof typeof SETTINGS>> = { accessTokenTtlSeconds: 'maxAccessTokenTtlSeconds', maxAccessTokenTtlSeconds: 'accessTokenTtlSeconds' };

    it.each(shared)('%s', (name) => {
      const setting = SETTINGS[name] as Setting & { kind: 'integer'; env: string; min: number; max: number };
      const names = [name, ...(PARTNERS[name] === undefined ? [] : [PARTNERS[name]!])];
      for (const [value, accepted] of [[setting.min - 1, false], [setting.min, true], [setting.max, true], [setting.max + 1, false]] as const) {
        const environment = Object.fromEntries(names.map((each) => [(SETTINGS[each] as { env: string }).env, String(value)]));
        const stackValues = Object.fromEntries(names.map((each) => [each, String(value)]));
        expect(accepts(() => parseRuntimeConfig({ ...TEST_ENVIRONMENT, ...environment })), `${setting.env}=${value}`).toBe(accepted);
        expect(accepts(() => readStackConfig('staging', source(stackValues))), `pushgate:${name}=${value}`).toBe(accepted);
      }
    });
  });
});
