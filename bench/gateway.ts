// Local gateway capacity: 5,000 WebSocket connections held on loopback (memory per connection) and
// the time for one NotifyUser to reach 1,000 of them, beside a plain `ws` server broadcasting the
// same payload to the same number of clients (the floor).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import WebSocket from 'ws';
import { MACHINE, median, printTable } from './support.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const HELD = Number(process.env['PUSHGATE_BENCH_GATEWAY_CONNECTIONS'] ?? 5000);
const AUDIENCE = 1000;
const ROUNDS = 5;

function startProcess(args: string[], readyPattern: RegExp): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`not ready: ${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = readyPattern.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
  });
}

/** Opens `count` clients, 100 at a time; each counts the messages it receives. */
async function openClients(url: string, count: number): Promise<{ sockets: WebSocket[]; received: () => number }> {
  let received = 0;
  const sockets: WebSocket[] = [];
  for (let start = 0; start < count; start += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, count - start) }, () => new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(url);
        socket.on('message', () => (received += 1));
        socket.once('open', () => resolve(socket));
        socket.once('error', reject);
      })),
    );
    sockets.push(...batch);
  }
  return { sockets, received: () => received };
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const FLOOR_SERVER = `
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => { for (const client of wss.clients) client.send(body); response.end(); });
});
const wss = new WebSocketServer({ server });
server.listen(0, '127.0.0.1', () => console.log('floor on http://127.0.0.1:' + server.address().port));
`;

const gateway = await startProcess(['--expose-gc', 'adapters/driving/local/start.ts', '--quiet'], /running on (http:\/\/127\.0\.0\.1:\d+)/);
const floor = await startProcess(['--input-type=module', '-e', FLOOR_SERVER], /floor on (http:\/\/127\.0\.0\.1:\d+)/);
try {
  const stats = async () => (await (await fetch(`${gateway.url}/local/stats`)).json()) as { connections: number; heapUsedBytes: number; rssBytes: number };
  const token = async (userId: string) => {
    const response = await fetch(`${gateway.url}/token`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('local-key:local-secret').toString('base64')}` }, body: new URLSearchParams({ grant_type: 'client_credentials', user_id: userId }) });
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const wsUrl = gateway.url.replace('http', 'ws');
  const empty = await stats();
  const audience = await openClients(`${wsUrl}/?token=${await token('audience')}`, AUDIENCE);
  const others = await openClients(`${wsUrl}/?token=${await token('others')}`, HELD - AUDIENCE);
  const held = await stats();

  const gatewayTimes: number[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const before = audience.received();
    const started = performance.now();
    await fetch(`${gateway.url}/local/queues/NotifyUser`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'audience', data: { round } }) });
    await until(() => audience.received() >= before + AUDIENCE);
    gatewayTimes.push(performance.now() - started);
  }

  const floorClients = await openClients(floor.url.replace('http', 'ws'), AUDIENCE);
  const floorTimes: number[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const before = floorClients.received();
    const started = performance.now();
    await fetch(`${floor.url}/`, { method: 'POST', body: JSON.stringify({ round }) });
    await until(() => floorClients.received() >= before + AUDIENCE);
    floorTimes.push(performance.now() - started);
  }

  const perConnectionKb = (bytes: number) => bytes / held.connections / 1024;
  printTable(`Local gateway — ${held.connections} WebSocket connections held on loopback (${MACHINE})`, ['figure', 'value'], [
    ['connections held', held.connections],
    ['heap per connection (KB, after GC)', perConnectionKb(held.heapUsedBytes - empty.heapUsedBytes)],
    ['RSS per connection (KB)', perConnectionKb(held.rssBytes - empty.rssBytes)],
  ]);
  const gatewayMs = median(gatewayTimes);
  const floorMs = median(floorTimes);
  printTable(`One notification to ${AUDIENCE} connections — median of ${ROUNDS} (${MACHINE})`, ['path', 'ms', 'x floor'], [
    ['pushgate: POST NotifyUser → fan-out → NotifyConnection → sockets', gatewayMs, gatewayMs / floorMs],
    ['floor: plain ws server broadcast', floorMs, 1],
  ]);
  for (const socket of [...audience.sockets, ...others.sockets, ...floorClients.sockets]) socket.terminate();
} finally {
  gateway.child.kill('SIGKILL');
  floor.child.kill('SIGKILL');
}
