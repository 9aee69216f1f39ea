import { spawn } from 'node:child_process';
import path from 'node:path';
import WebSocket from 'ws';

const ROOT = path.resolve(import.meta.dirname, '../../..');
export const WSCAT = path.join(ROOT, 'node_modules/.bin/wscat');

export async function issueToken(baseUrl: string, userId: string, extra: Record<string, string> = {}, credentials = 'local-key:local-secret'): Promise<{ access_token: string; refresh_token: string }> {
  const response = await fetch(`${baseUrl}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', user_id: userId, ...extra }),
  });
  if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
  return (await response.json()) as { access_token: string; refresh_token: string };
}

/** A `ws` client that collects what it receives and can wait for the next message. */
export class TestSocket {
  readonly socket: WebSocket;
  readonly received: string[] = [];
  /** Called after each message; each returns true once it is satisfied. */
  private waiters: (() => boolean)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      this.received.push(data.toString());
      for (const waiter of [...this.waiters]) waiter();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static open(url: string): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const client = new TestSocket(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
      socket.once('error', reject);
    });
  }

  send(value: unknown): void {
    this.socket.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** Waits until `count` messages have arrived in all (bounded). */
  async waitFor(count: number, timeoutMs = 5000): Promise<string[]> {
    await this.waitUntil((received) => received.length >= count, timeoutMs, () => `expected ${count} messages, got ${this.received.length}: ${JSON.stringify(this.received)}`);
    return this.received;
  }

  /** Waits, woken by each message, until `condition` holds of what has arrived (bounded). */
  waitUntil(condition: (received: readonly string[]) => boolean, timeoutMs = 5000, describe = () => `no message satisfied the condition: ${JSON.stringify(this.received)}`): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition(this.received)) return false;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        reject(new Error(describe()));
      }, timeoutMs);
      if (!check()) this.waiters.push(check);
    });
  }

  async close(): Promise<void> {
    this.socket.close();
    await this.closed;
  }
}

/** Runs the real wscat CLI with its stdin held open (it quits at EOF), and returns what it printed. */
export function runWscat(args: string[], timeoutMs = 15_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WSCAT, '--no-color', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      // eslint-disable-next-line no-control-regex
      resolve({ code, output: output.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '') });
    });
  });
}
