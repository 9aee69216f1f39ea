// Auth throughput: requests per second through the http-pusher-auth handler (real API Gateway
// events, token verification included) beside the floor: jose.jwtVerify plus the pusher package.
import { jwtVerify } from 'jose';
import Pusher from 'pusher';
import { buildHttpPusherAuthHandler } from '../adapters/composition/handler-table.ts';
import { createInMemoryContainer } from '../adapters/composition/in-memory-container.ts';
import { parseRuntimeConfig } from '../adapters/composition/runtime-config.ts';
import { SERVICE_IDS } from '../adapters/composition/service-ids.ts';
import { isPresenceChannel } from '../domain/channels/channel-name.ts';
import { SILENT_OBSERVABILITY } from '../adapters/driving/local/line-observability.ts';
import { formPost } from '../test/support/lambda-events.ts';
import { BENCH_LAMBDA_ENVIRONMENT } from './lambda-environment.ts';
import { MACHINE, printTable } from './support.ts';

const ITERATIONS = Number(process.env['PUSHGATE_BENCH_AUTH_ITERATIONS'] ?? 20_000);
const TARGET_RATIO = 0.7;

const config = parseRuntimeConfig(BENCH_LAMBDA_ENVIRONMENT);
const container = createInMemoryContainer(config);
const handler = buildHttpPusherAuthHandler({ services: container, observability: SILENT_OBSERVABILITY });
const issued = await container.get(SERVICE_IDS.IssueToken).execute({ grantType: 'client_credentials', client: { key: config.pusher.key, secret: config.pusher.secret }, userId: 'bench-user', channels: '*,private-encrypted-*', userInfo: '{"name":"Bench"}' });
if (!issued.ok) throw new Error(issued.error.message);
const token = issued.value.accessToken;

const pusher = new Pusher({ appId: config.pusher.appId, key: config.pusher.key, secret: config.pusher.secret, cluster: 'mt1', encryptionMasterKeyBase64: Buffer.from(config.pusher.encryptionMasterKey!).toString('base64') });
const [signingKey] = config.tokens.signingKeys;

async function floor(channel: string): Promise<unknown> {
  const { payload } = await jwtVerify(token, signingKey!.secret, { algorithms: ['HS256'], issuer: config.tokens.issuer, audience: config.tokens.audience, typ: 'at+jwt' });
  return isPresenceChannel(channel) ? pusher.authorizeChannel('123.456', channel, { user_id: String(payload.sub), user_info: payload['user_info'] as Record<string, unknown> }) : pusher.authorizeChannel('123.456', channel);
}

async function throughput(work: () => Promise<unknown>): Promise<number> {
  for (let index = 0; index < Math.min(2000, ITERATIONS); index += 1) await work();
  const started = performance.now();
  for (let index = 0; index < ITERATIONS; index += 1) await work();
  return ITERATIONS / ((performance.now() - started) / 1000);
}

const CHANNELS = ['private-chat-1', 'presence-lobby', 'private-encrypted-room'];
const eventFor = (channel: string) => formPost('/pusher/auth', { socket_id: '123.456', channel_name: channel }, { authorization: `Bearer ${token}` });
// Warm both paths for every kind first, so the first kind measured does not pay for the JIT.
for (const channel of CHANNELS) {
  const check = await handler(eventFor(channel));
  if (check.statusCode !== 200) throw new Error(`the handler refused ${channel}: ${check.body}`);
  await throughput(() => handler(eventFor(channel)));
  await throughput(() => floor(channel));
}
const rows: (string | number)[][] = [];
const misses: string[] = [];
for (const channel of CHANNELS) {
  const event = eventFor(channel);
  const handlerRps = await throughput(() => handler(event));
  const floorRps = await throughput(() => floor(channel));
  const ratio = handlerRps / floorRps;
  if (ratio < TARGET_RATIO) misses.push(`${channel}: ${ratio.toFixed(2)}`);
  rows.push([channel.split('-').slice(0, -1).join('-'), handlerRps, floorRps, ratio, ratio >= TARGET_RATIO ? 'ok' : `MISS (< ${TARGET_RATIO})`]);
}
printTable(`Auth throughput — ${ITERATIONS} sequential requests each, one core (${MACHINE})`, ['channel', 'handler req/s', 'floor req/s', 'x floor', 'target'], rows);
console.log(misses.length === 0 ? `auth: every channel kind at or above ${TARGET_RATIO} x the floor` : `auth: below ${TARGET_RATIO} x the floor — ${misses.join(', ')}`);
