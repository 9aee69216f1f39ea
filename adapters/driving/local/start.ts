// `npm start`: all of pushgate on 127.0.0.1 with in-memory adapters, the same entrypoints as on AWS.
import { parseArgs } from 'node:util';
import { startLocalGateway } from './local-gateway.ts';

const { values: flags } = parseArgs({ options: { quiet: { type: 'boolean' }, dynamodb: { type: 'boolean' }, 'data-dir': { type: 'string' } } });
const dynamodbFolder = flags.dynamodb ? (flags['data-dir'] ?? '.local-data/dynamodb') : undefined;
/** API Gateway's 10 min idle and 2 h hard limits by default; shorter ones help test reconnects. */
const seconds = (name: string): number | undefined => {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`${name} must be a whole number of seconds, not ${JSON.stringify(value)}`);
  return Number(value) * 1000;
};
const idleTimeoutMs = seconds('LOCAL_IDLE_TIMEOUT_SECONDS');
const hardTimeoutMs = seconds('LOCAL_HARD_TIMEOUT_SECONDS');
const gateway = await startLocalGateway({
  env: process.env,
  quiet: flags.quiet ?? false,
  ...(dynamodbFolder === undefined ? {} : { dynamodbFolder }),
  ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
  ...(hardTimeoutMs === undefined ? {} : { hardTimeoutMs }),
});
const { key, secret, appId, encryptionMasterKey: masterKey } = gateway.config.pusher;
const basic = Buffer.from(`${key}:${secret}`).toString('base64');
const demo = await fetch(`${gateway.url}/token`, {
  method: 'POST',
  headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'client_credentials', user_id: 'demo', channels: 'private-*,presence-*' }),
});
const { access_token: demoToken } = (await demo.json()) as { access_token: string };

console.log(`pushgate local mode is running on ${gateway.url}   (open it in a browser for the demo page)

  HTTP API        POST ${gateway.url}/token
                  POST|GET ${gateway.url}/pusher/auth   POST ${gateway.url}/pusher/user-auth   POST ${gateway.url}/pusher/webhook
  WebSocket API   ${gateway.websocketUrl}?token=<access token>
  Management API  POST|GET|DELETE ${gateway.url}/@connections/{connectionId}
  Pusher          ws://127.0.0.1:${gateway.port}/app/${key} (protocol 7)   HTTP API ${gateway.url}/apps/${appId}/…  (pusher: host 127.0.0.1, port ${gateway.port}, useTLS false)
  Queues          POST ${gateway.url}/local/queues/NotifyUser   POST ${gateway.url}/local/queues/NotifyConnection   GET ${gateway.url}/local/queues

  Storage         ${dynamodbFolder === undefined ? 'in memory (npm start -- --dynamodb keeps connections and refresh tokens across restarts)' : `DynamoDB (dynalite) in ${dynamodbFolder}`}

  Dev credentials (override with PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET, PORT):
    app id ${appId}   key ${key}   secret ${secret}   (POST /token with HTTP Basic key:secret)
    encryption master key (base64) ${masterKey === undefined ? 'none: encrypted channels are off' : Buffer.from(masterKey).toString('base64')}

  Try it (a token for user "demo", valid ${gateway.config.tokens.policy.accessTokenTtlSeconds / 60} minutes):
    npx wscat -c '${gateway.websocketUrl}?token=${demoToken}'
    > {"action":"ping"}
    npm run notify -- demo '{"hello":"world"}'

Ctrl-C stops it.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping: closing connections ($disconnect runs for each)…');
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
