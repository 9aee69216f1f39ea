// `npm start`: all of pushgate on 127.0.0.1, the same handlers as on AWS (`npm start -- --help`).
import { parsePort, parseFlags, runCli, UserFacingError } from './cli.ts';
import { startHelp } from './local-help.ts';
import { startLocalGateway } from './local-gateway.ts';
import { LOCAL_DEFAULTS } from './local-environment.ts';
import { startupBanner } from './startup-banner.ts';

await runCli('npm start', async () => {
  const { values: flags } = parseFlags('npm start', { quiet: { type: 'boolean' }, dynamodb: { type: 'boolean' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, process.argv.slice(2));
  if (flags.help) return console.log(startHelp());
  const dynamodbFolder = flags.dynamodb ? (flags['data-dir'] ?? '.local-data/dynamodb') : undefined;
  const idleTimeoutMs = seconds('LOCAL_IDLE_TIMEOUT_SECONDS');
  const hardTimeoutMs = seconds('LOCAL_HARD_TIMEOUT_SECONDS');
  const gateway = await startLocalGateway({
    env: process.env,
    port: parsePort(process.env['PORT'], Number(LOCAL_DEFAULTS['PORT'])),
    quiet: flags.quiet ?? false,
    ...(dynamodbFolder === undefined ? {} : { dynamodbFolder }),
    ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
    ...(hardTimeoutMs === undefined ? {} : { hardTimeoutMs }),
  });
  const storage = dynamodbFolder === undefined ? 'in memory (npm start -- --dynamodb keeps connections and refresh tokens across restarts)' : `DynamoDB (dynalite) in ${dynamodbFolder}`;
  console.log(startupBanner(gateway, { storage, demoToken: await demoToken(gateway.url, gateway.config.pusher) }));
  stopOnSignals(gateway.close);
});

/** API Gateway's 10 min idle and 2 h hard limits by default; shorter ones help test reconnects. */
function seconds(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UserFacingError(`${name} must be a whole number of seconds, not ${JSON.stringify(value)}`, 2);
  return Number(value) * 1000;
}

/** A token for user "demo", asked for as a backend would: POST /token with the app's credentials. */
async function demoToken(url: string, app: { key: string; secret: string }): Promise<string> {
  const response = await fetch(`${url}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${app.key}:${app.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', user_id: 'demo', channels: 'private-*,presence-*' }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

function stopOnSignals(close: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log('\nstopping: closing connections ($disconnect runs for each)…');
      close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}
