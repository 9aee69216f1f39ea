import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findViolations, readSourceFiles } from './import-rules.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('architecture', () => {
  it('the tree keeps every house rule', () => {
    const files = readSourceFiles(root);
    expect(files.some((file) => file.path.startsWith('domain/'))).toBe(true);
    expect(findViolations(files)).toEqual([]);
  });

  it.each([
    ['domain/x/a.ts', "import { S3 } from '@aws-sdk/client-s3';", /domain\/ may import only/],
    ['domain/x/a.ts', "import Pusher from 'pusher';", /domain\/ may import only/],
    ['domain/x/a.ts', "import { thing } from '../../adapters/driven/x.ts';", /domain\/ may import only/],
    ['domain/x/a.ts', "export { thing } from '../../infrastructure/config.ts';", /domain\/ may import only/],
    ['domain/x/a.ts', "const m = await import('jose');", /domain\/ may import only/],
    ['domain/x/a.ts', 'export const now = () => Date.now();', /Date\.now/],
    ['domain/x/a.ts', 'export const region = process.env.AWS_REGION;', /process\.env/],
    ['domain/x/a.contract.ts', "import { x } from 'fast-check';", /contract suite/],
    ['adapters/driven/x/a.ts', "import { Container } from 'inversify';", /only adapters\/composition/],
    ['infrastructure/a.ts', "import { x } from '../adapters/driving/lambda/a.ts';", /never imports them/],
    ['infrastructure/a.ts', "import { x } from '../domain/channels/channel-name.ts';", /only domain\/messaging\/actions/],
    ['manifest/a.ts', "import { x } from '../adapters/composition/container.ts';", /manifest\/ may import only/],
    ['manifest/a.ts', "import * as pulumi from '@pulumi/pulumi';", /manifest\/ may import only/],
    ['adapters/driving/lambda/a.handler.ts', "import { x } from '../../driven/lambda/b.ts';", /only through adapters\/composition/],
    ['adapters/driven/lambda/a.ts', "import type { x } from '../../driving/lambda/b.ts';", /never imports adapters\/driving/],
  ])('catches %s doing %s', (filePath, text, rule) => {
    const violations = findViolations([{ path: filePath, text }]);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(rule);
  });

  it.each([
    ['domain/x/a.ts', "import { createHmac } from 'node:crypto';\nimport { ok } from '../shared/result.ts';"],
    ['domain/x/a.test.ts', "import { InMemoryConnectionRegistry } from '../../adapters/driven/in-memory/x.ts';"],
    ['domain/x/a.contract.ts', "import { describe } from 'vitest';"],
    ['adapters/composition/container.ts', "import { Container } from 'inversify';"],
    ['adapters/driving/lambda/ws-connect.handler.ts', "import { Container } from 'inversify';"],
    ['adapters/driving/lambda/ws-connect.handler.ts', "import { x } from '../../composition/b.ts';"],
    ['adapters/driving/lambda/a.test.ts', "import { x } from '../../driven/in-memory/b.ts';"],
    ['infrastructure/a.ts', "import { MESSAGE_ACTIONS } from '../domain/messaging/actions.ts';"],
    ['infrastructure/a.ts', "import { SETTINGS } from '../manifest/settings.ts';"],
    ['manifest/a.ts', "import { MESSAGE_ACTIONS } from '../domain/messaging/actions.ts';\nimport { x } from './b.ts';"],
  ])('allows %s doing %s', (filePath, text) => {
    expect(findViolations([{ path: filePath, text }])).toEqual([]);
  });
});
