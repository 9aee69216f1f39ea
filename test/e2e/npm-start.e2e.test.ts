import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestSocket } from './support/clients.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('npm start', () => {
  it('starts within seconds, prints its URLs, credentials and a working wscat line, and stops cleanly on Ctrl-C', async () => {
    // The script `npm start` runs, started as npm would (a free port instead of 4000), in a shell
    // that holds none of the developer's PUSHER_*, TOKEN_* or AWS_* settings.
    const child = spawn(process.execPath, ['adapters/driving/local/start.ts', '--quiet'], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const started = Date.now();
      await expect.poll(() => output, { timeout: 15_000, interval: 50 }).toContain('Ctrl-C stops it.');
      console.log(`[e2e] npm start was ready after ${Date.now() - started} ms`);
      expect(output).toMatch(/key local-key\s+secret local-secret/);
      const wscatUrl = /npx wscat -c '([^']+)'/.exec(output)?.[1];
      expect(wscatUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/\?token=ey/);

      const socket = await TestSocket.open(wscatUrl!);
      socket.send({ action: 'ping' });
      expect(await socket.waitFor(1)).toEqual(['{"type":"pong"}']);

      child.kill('SIGINT');
      expect((await socket.closed).code).toBe(1001);
      expect(await exited).toBe(0);
      expect(output).toContain('stopping');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
