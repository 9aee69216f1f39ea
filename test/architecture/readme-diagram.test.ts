import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HANDLER_TABLE } from '../../adapters/composition/handler-table.ts';
import { HTTP_ROUTES } from '../../manifest/http-routes.ts';
import { LAMBDA_ENTRYPOINTS } from '../../infrastructure/lambda-bundles.ts';

const README = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
const diagram = /```mermaid\n([\s\S]*?)```/.exec(README)?.[1] ?? '';

describe("the README's picture of the system", () => {
  it('opens the README, before the set-up commands', () => {
    expect(diagram).not.toBe('');
    expect(README.indexOf('```mermaid')).toBeLessThan(README.indexOf('## Set up'));
  });

  it('shows exactly the functions that are deployed and that local mode runs', () => {
    const functions = /subgraph functions\[[^\]]*\]\n([\s\S]*?)\n\s*end\n/.exec(diagram)?.[1] ?? '';
    const shown = [...functions.matchAll(/\w+\[([a-z-]+)\]/g)].map((match) => match[1]).sort();
    expect(shown).toEqual([...LAMBDA_ENTRYPOINTS].sort());
    expect(Object.keys(HANDLER_TABLE).sort()).toEqual([...LAMBDA_ENTRYPOINTS].sort());
  });

  it('routes the HTTP API to each of its functions, and names every client, table and queue', () => {
    for (const route of HTTP_ROUTES) expect(diagram).toContain(route.function);
    for (const node of ['pusher-js', 'wscat', 'app backend', 'pusher SDK', 'HTTP API', 'WebSocket API', 'connections table', 'refresh-token table', 'NotifyUser queue', 'NotifyConnection queue', 'pusher-webhook-events queue', 'Management API', 'npm start emulates']) {
      expect(diagram).toContain(node);
    }
  });
});
