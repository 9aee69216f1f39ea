import { SETTINGS, type Setting } from '../../../manifest/settings.ts';
import { LOCAL_ACCESS_SETTINGS } from './local-access-policy.ts';
import { LOCAL_DEFAULTS } from './local-environment.ts';

/** Settings only local mode reads, besides the deployment's own (LOCAL_DEFAULTS). */
export const LOCAL_ONLY_VARIABLES: Readonly<Record<string, string>> = {
  LOCAL_IDLE_TIMEOUT_SECONDS: '600 (API Gateway: 10 minutes)',
  LOCAL_HARD_TIMEOUT_SECONDS: '7200 (API Gateway: 2 hours)',
  [LOCAL_ACCESS_SETTINGS.allowedHosts]: 'unset: Host must be 127.0.0.1, localhost or [::1] with PORT (comma-separated names to add)',
  [LOCAL_ACCESS_SETTINGS.allowedOrigins]: 'unset: pages on http://localhost|127.0.0.1|[::1]:<any port> (comma-separated origins to add)',
};

/** `npm start -- --help`: the flags, the environment local mode reads with its defaults, the URLs. */
export function startHelp(): string {
  const port = LOCAL_DEFAULTS['PORT'];
  const variables = Object.entries({ PORT: port ?? '', ...settingDefaults(), ...LOCAL_DEFAULTS, ...LOCAL_ONLY_VARIABLES }).map(([name, value]) => `  ${name.padEnd(38)} ${value}`);
  return `usage: npm start [-- --dynamodb [--data-dir DIR]] [--quiet]

Runs all of pushgate on 127.0.0.1 with the same handlers as Lambda.

options:
  --dynamodb                             keep connections and refresh tokens in DynamoDB (dynalite) across restarts
  --data-dir DIR                         where --dynamodb keeps them (default .local-data/dynamodb)
  --quiet                                no log lines
  -h, --help                             this text

environment (local mode's defaults; the deployment's settings, as the README's Configuration lists them):
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

/** Local mode points these at itself (its own Pusher HTTP API), whatever the shell says. */
const SET_BY_LOCAL_MODE = new Set(['PUSHER_HOST', 'PUSHER_PORT', 'PUSHER_USE_TLS', 'AWS_REGION']);

/** Every setting a function reads from its environment, with its default as the schema declares it. */
function settingDefaults(): Record<string, string> {
  const described = (setting: Setting): string => {
    if ('default' in setting && setting.default !== undefined) return String(setting.default);
    return ('describeDefault' in setting ? setting.describeDefault : undefined) ?? 'unset';
  };
  const readable = Object.values(SETTINGS as Readonly<Record<string, Setting>>).filter((setting) => setting.env !== undefined && setting.kind !== 'address' && !SET_BY_LOCAL_MODE.has(setting.env));
  return Object.fromEntries(readable.map((setting) => [setting.env!, described(setting)]));
}
