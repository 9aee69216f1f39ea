import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueToken, TestSocket } from '../e2e/support/clients.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOAK_SECONDS = Number(process.env['PUSHGATE_SOAK_SECONDS'] ?? 60);
const CONNECTIONS = 1000;
const USERS = 100;
/** Heap growth allowed between the empty start and the empty end, after a full GC. */
const HEAP_BOUND_BYTES = 16 * 1024 * 1024;

interface Stats {
  connections: number;
  registryRows: number;
  heapUsedBytes: number;
  rssBytes: number;
  gcExposed: boolean;
}

describe(`a bounded soak of local mode (${CONNECTIONS} connections churning for ${SOAK_SECONDS} s)`, () => {
  it('ends with the registry holding exactly the open connections, and memory back within bound', { timeout: (SOAK_SECONDS + 120) * 1000 }, async () => {
    const child = spawn(process.execPath, ['--expose-gc', 'adapters/driving/local/start.ts', '--quiet'], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm start printed no URL within 15 s: ${output}`)), 15_000);
        child.stdout.on('data', () => {
          const found = /running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
          if (found === undefined) return;
          clearTimeout(timer);
          resolve(found);
        });
      });
      const stats = async (): Promise<Stats> => (await (await fetch(`${url}/local/stats`)).json()) as Stats;
      const tokens = await Promise.all(Array.from({ length: USERS }, (_, index) => issueToken(url, `soak-${index}`).then((issued) => issued.access_token)));
      const before = await stats();
      expect(before.gcExposed).toBe(true);

      const open = new Set<TestSocket>();
      const pings = new Map<TestSocket, number>();
      let opened = 0;
      let closed = 0;
      let pingsSent = 0;
      let notificationsSent = 0;
      const connect = async () => {
        const socket = await TestSocket.open(`${url.replace('http', 'ws')}/?token=${tokens[opened % USERS]}`);
        opened += 1;
        open.add(socket);
        pings.set(socket, 0);
      };
      for (let batch = 0; batch < CONNECTIONS / 50; batch += 1) await Promise.all(Array.from({ length: 50 }, connect));

      const deadline = Date.now() + SOAK_SECONDS * 1000;
      for (let tick = 0; Date.now() < deadline && tick < SOAK_SECONDS * 20; tick += 1) {
        const sockets = [...open];
        const leaving = sockets.sort(() => Math.random() - 0.5).slice(0, 10);
        for (const socket of leaving) {
          open.delete(socket);
          socket.socket.close();
          closed += 1;
        }
        await Promise.all(leaving.map(connect));
        for (const socket of [...open].slice(0, 20)) {
          socket.send({ action: 'ping' });
          pings.set(socket, (pings.get(socket) ?? 0) + 1);
          pingsSent += 1;
        }
        if (tick % 5 === 0) {
          await fetch(`${url}/local/queues/NotifyUser`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: `soak-${tick % USERS}`, data: { tick } }) });
          notificationsSent += 1;
        }
        // Pacing: the churn is spread over the soak's duration (this waits for no event).
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      // Wait for the in-flight pongs to land (each socket wakes on its messages); the assertion below reports any that did not.
      const pongsOf = (received: readonly string[]) => received.filter((message) => message === '{"type":"pong"}').length;
      await Promise.allSettled([...open].map((socket) => socket.waitUntil((received) => pongsOf(received) >= (pings.get(socket) ?? 0), 10_000)));
      const during = await stats();
      const unanswered = [...open].filter((socket) => pongsOf(socket.received) !== pings.get(socket));
      for (const socket of open) socket.socket.close();
      await Promise.all([...open].map((socket) => socket.closed));
      await expect.poll(async () => (await stats()).registryRows, { timeout: 10_000 }).toBe(0);
      const after = await stats();
      const figures = {
        opened,
        closedDuringChurn: closed,
        openAtEnd: open.size,
        liveSocketsAtEnd: during.connections,
        registryRowsAtEnd: during.registryRows,
        pingsSent,
        pingsUnansweredOnOpenConnections: unanswered.length,
        notificationsSent,
        heapBeforeMb: +(before.heapUsedBytes / 1048576).toFixed(1),
        heapWithConnectionsMb: +(during.heapUsedBytes / 1048576).toFixed(1),
        heapAfterMb: +(after.heapUsedBytes / 1048576).toFixed(1),
        rssAfterMb: +(after.rssBytes / 1048576).toFixed(1),
      };
      console.log(`[soak] ${JSON.stringify(figures)}`);
      expect(during.connections).toBe(open.size);
      expect(during.registryRows).toBe(open.size);
      expect(unanswered).toEqual([]);
      expect(after.connections).toBe(0);
      expect(after.heapUsedBytes - before.heapUsedBytes).toBeLessThan(HEAP_BOUND_BYTES);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
