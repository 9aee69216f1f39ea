import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPTS = { start: 'adapters/driving/local/start.ts', token: 'adapters/driving/local/token-cli.ts', notify: 'adapters/driving/local/notify-cli.ts' } as const;

/** Runs a command as `npm start` / `npm run …` would, in a shell that holds nothing of the developer's. */
function run(script: keyof typeof SCRIPTS, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [SCRIPTS[script], ...args], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) => child.on('exit', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr }))));
}

/** One plain line on stderr, no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /m);
}

let occupied: Server;
let occupiedPort: number;
beforeAll(async () => {
  // Something that is not pushgate, answering HTML on a port.
  occupied = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>my app</h1>'));
  await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', () => resolve()));
  occupiedPort = (occupied.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => occupied.close(() => resolve())));

describe('npm start: every expected start-up failure is one clear line and a non-zero exit', () => {
  it('when the port is taken, says which and how to pick another', async () => {
    const { code, stderr } = await run('start', ['--quiet'], { PORT: String(occupiedPort) });
    expect(code).toBe(1);
    expectOneLine(stderr, new RegExp(`^npm start: port ${occupiedPort} on 127\\.0\\.0\\.1 is taken by another program; pick another, e\\.g\\. PORT=${occupiedPort + 1} npm start$`));
  });

  it('refuses a PORT that is not a port', async () => {
    const { code, stderr } = await run('start', [], { PORT: 'abc' });
    expect(code).toBe(2);
    expectOneLine(stderr, /^npm start: PORT must be a whole number from 0 to 65535, not "abc"$/);
  });

  it('refuses an unknown flag, pointing at --help', async () => {
    const { code, stderr } = await run('start', ['--dynamo']);
    expect(code).toBe(2);
    expectOneLine(stderr, /^npm start: unknown option --dynamo \(npm start -- --help lists the options\)$/);
  });

  it('names a malformed setting', async () => {
    const { code, stderr } = await run('start', ['--quiet'], { PORT: '0', TOKEN_SIGNING_KEYS: 'bad' });
    expect(code).toBe(1);
    expectOneLine(stderr, /^npm start: invalid setting: TOKEN_SIGNING_KEYS must list kid:base64secret pairs/);
  });

  it('says when the --dynamodb data folder cannot be written', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pushgate-first-run-')), 'a-file');
    writeFileSync(file, 'not a folder');
    const { code, stderr } = await run('start', ['--quiet', '--dynamodb', '--data-dir', path.join(file, 'data')], { PORT: '0' });
    expect(code).toBe(1);
    expectOneLine(stderr, /^npm start: cannot keep data in .*a-file\/data \(ENOTDIR\); pick a writable folder with --data-dir DIR$/);
  });
});

describe('npm run token and npm run notify against something other than pushgate', () => {
  it('token says so in one line instead of crashing on the HTML', async () => {
    const { code, stderr } = await run('token', ['alice'], { PORT: String(occupiedPort) });
    expect(code).toBe(1);
    expectOneLine(stderr, new RegExp(`^npm run token: something other than pushgate answers at http://127\\.0\\.0\\.1:${occupiedPort} \\(HTTP 200, text/html\\); is PORT right\\?$`));
  });

  it('notify says so too', async () => {
    const { code, stderr } = await run('notify', ['alice', '{"hi":1}'], { PORT: String(occupiedPort) });
    expect(code).toBe(1);
    expectOneLine(stderr, /^npm run notify: something other than pushgate answers/);
  });

  it('both say how to start the server when nothing answers, and refuse an unknown flag', async () => {
    const free = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    expectOneLine((await run('token', ['alice'], { PORT: String(free) })).stderr, /^npm run token: no pushgate at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); start it with npm start$/);
    const unknown = await run('notify', ['--loud']);
    expect(unknown.code).toBe(2);
    expectOneLine(unknown.stderr, /^npm run notify: unknown option --loud/);
  });
});

describe('--help', () => {
  it('npm start lists its flags, the environment it reads with defaults, and the URLs it serves', async () => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout, stderr } = await run('start', [flag]);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      for (const expected of ['--dynamodb', '--data-dir DIR', '--quiet', 'PORT', '4000', 'PUSHER_KEY', 'local-key', 'LOCAL_IDLE_TIMEOUT_SECONDS', 'ws://127.0.0.1:4000/app/<key>', '/pusher/auth']) expect(stdout).toContain(expected);
    }
  });

  it('npm run token and npm run notify explain themselves', async () => {
    const token = await run('token', ['--help']);
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^usage: npm run token -- <userId> \[--channels/);
    const notify = await run('notify', ['-h']);
    expect(notify.code).toBe(0);
    expect(notify.stdout).toMatch(/^usage: npm run notify -- <userId> '<json data>'/);
  });
});
