import { LOCAL_DEFAULTS } from './local-environment.ts';

/** Settings only local mode reads, besides the deployment's own (LOCAL_DEFAULTS). */
export const LOCAL_ONLY_VARIABLES: Readonly<Record<string, string>> = {
  LOCAL_IDLE_TIMEOUT_SECONDS: '600 (API Gateway: 10 minutes)',
  LOCAL_HARD_TIMEOUT_SECONDS: '7200 (API Gateway: 2 hours)',
};

/** `npm start -- --help`: the flags, the environment local mode reads with its defaults, the URLs. */
export function startHelp(): string {
  const port = LOCAL_DEFAULTS['PORT'];
  const variables = Object.entries({ ...LOCAL_DEFAULTS, ...LOCAL_ONLY_VARIABLES }).map(([name, value]) => `  ${name.padEnd(38)} ${value}`);
  return `usage: npm start [-- --dynamodb [--data-dir DIR]] [--quiet]

Runs all of pushgate on 127.0.0.1 with the same handlers as Lambda.

options:
  --dynamodb                             keep connections and refresh tokens in DynamoDB (dynalite) across restarts
  --data-dir DIR                         where --dynamodb keeps them (default .local-data/dynamodb)
  --quiet                                no log lines
  -h, --help                             this text

environment (defaults shown; any other deployment setting, such as FAN_OUT_DIRECT_LIMIT, works too):
${variables.join('\n')}

serves (with PORT=${port}):
  http://127.0.0.1:${port}/                      the demo page (in a browser) or the endpoints as JSON
  http://127.0.0.1:${port}/token                 POST: access and refresh tokens (HTTP Basic key:secret)
  http://127.0.0.1:${port}/pusher/auth           POST|GET: channel authorization for pusher-js
  http://127.0.0.1:${port}/pusher/user-auth      POST: user sign-in for pusher-js
  http://127.0.0.1:${port}/pusher/webhook        POST: Pusher webhooks
  ws://127.0.0.1:${port}/?token=…                the WebSocket API
  ws://127.0.0.1:${port}/app/<key>               the Pusher Channels protocol
  http://127.0.0.1:${port}/apps/<appId>/…        the Pusher HTTP API (the pusher SDK)
  http://127.0.0.1:${port}/@connections/<id>     the Management API
  http://127.0.0.1:${port}/local/queues/…        the NotifyUser and NotifyConnection queues`;
}
