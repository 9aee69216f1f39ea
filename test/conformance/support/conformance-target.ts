/**
 * The server the conformance suite is held against, read from the environment (only the
 * `PUSHGATE_CONFORMANCE_*` variables, nothing else):
 *
 * | variable | meaning |
 * |---|---|
 * | `PUSHGATE_CONFORMANCE_URL` | the socket side, `ws://host[:port]` or `wss://host[:port]` (pusher-js connects to `<url>/app/<key>`). Unset: the suite starts pushgate's local mode itself on a free loopback port. |
 * | `PUSHGATE_CONFORMANCE_HTTP_URL` | the Pusher HTTP API, `http(s)://host[:port]` (the `pusher` package calls `<url>/apps/<id>/…`); default: the socket URL with `ws` → `http`, `wss` → `https` |
 * | `PUSHGATE_CONFORMANCE_APP_ID`, `_KEY`, `_SECRET` | the app's credentials (required with a URL) |
 * | `PUSHGATE_CONFORMANCE_FEATURES` | the optional features to hold the server to, comma-separated, or `all`; default: none against a URL, all that pushgate implements against local mode |
 * | `PUSHGATE_CONFORMANCE_WEBHOOK_PORT` | with the `webhooks` feature against a URL: the port the suite listens on (all interfaces) for the webhooks the server was configured to post there |
 * | `PUSHGATE_CONFORMANCE_LOCAL_STORAGE` | local mode only: `memory` (default) or `dynamodb` (dynalite in a temporary folder, as `npm start -- --dynamodb`) |
 *
 * The protocol advertises no optional feature, so each is opt-in; a test of a feature left out is
 * skipped, its name saying so.
 */

/** The optional features: what each holds the server to. */
export const OPTIONAL_FEATURES = {
  encrypted: 'private-encrypted channels (end-to-end encrypted; client events refused on them)',
  user_auth: 'pusher:signin and events sent to a user (sendToUser)',
  terminate_connections: 'POST /users/<id>/terminate_connections closes every socket of the user',
  client_event_rate_limit: 'client events over the per-connection rate answered with pusher:error 4301',
  cache: 'cache channels: the last event replayed to a new subscriber, pusher:cache_miss when none',
  subscription_count: 'pusher_internal:subscription_count events and info=subscription_count',
  webhooks: 'webhooks to the app (channel_occupied, member_added, client_event, member_removed, channel_vacated), signed as Pusher signs them',
  watchlist: "user_data.watchlist: pusher_internal:watchlist_events as watched users come and go",
} as const;

export type Feature = keyof typeof OPTIONAL_FEATURES;

const FEATURE_NAMES = Object.keys(OPTIONAL_FEATURES) as Feature[];

/** What pushgate's local mode implements: every optional feature. */
export const LOCAL_MODE_FEATURES: readonly Feature[] = FEATURE_NAMES;

export interface ConformanceTarget {
  /** Said at the start of the run: which server this is. */
  readonly description: string;
  /** `ws(s)://host[:port]`, no path. */
  readonly socketUrl: string;
  /** `http(s)://host[:port]`, no path. */
  readonly httpUrl: string;
  readonly appId: string;
  readonly key: string;
  readonly secret: string;
  readonly features: readonly Feature[];
  /** Where the suite's webhook inbox listens (`webhooks` feature only). */
  readonly webhookListener?: { readonly host: string; readonly port: number };
  /** The inbox's loopback URL, once the global setup started it: `GET <url>/received`. */
  readonly webhookInbox?: string;
}

export type LocalStorageChoice = 'memory' | 'dynamodb';

/** The environment's answer: a server at a URL, or local mode (started by the suite) with these choices. */
export type ConformanceSettings =
  | { readonly kind: 'url'; readonly target: ConformanceTarget }
  | { readonly kind: 'local-mode'; readonly features: readonly Feature[]; readonly storage: LocalStorageChoice };

type Environment = Readonly<Record<string, string | undefined>>;

export function conformanceSettings(env: Environment): ConformanceSettings {
  const read = (name: string) => {
    const value = env[`PUSHGATE_CONFORMANCE_${name}`]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const socketUrl = read('URL');
  if (socketUrl === undefined) {
    const storage = read('LOCAL_STORAGE') ?? 'memory';
    if (storage !== 'memory' && storage !== 'dynamodb') throw new Error(`PUSHGATE_CONFORMANCE_LOCAL_STORAGE is memory or dynamodb, not ${storage}`);
    return { kind: 'local-mode', features: parseFeatures(read('FEATURES'), LOCAL_MODE_FEATURES), storage };
  }
  const socket = baseUrl('PUSHGATE_CONFORMANCE_URL', socketUrl, ['ws:', 'wss:']);
  const http = baseUrl('PUSHGATE_CONFORMANCE_HTTP_URL', read('HTTP_URL') ?? socketUrl.replace(/^ws/, 'http'), ['http:', 'https:']);
  const required = (name: string) => {
    const value = read(name);
    if (value === undefined) throw new Error(`PUSHGATE_CONFORMANCE_${name} is required with PUSHGATE_CONFORMANCE_URL`);
    return value;
  };
  const features = parseFeatures(read('FEATURES'), []);
  const webhookPort = read('WEBHOOK_PORT');
  if (features.includes('webhooks') && webhookPort === undefined) {
    throw new Error('the webhooks feature needs PUSHGATE_CONFORMANCE_WEBHOOK_PORT: the port this suite listens on, where the server was configured to post its webhooks');
  }
  const port = webhookPort === undefined ? undefined : Number(webhookPort);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`PUSHGATE_CONFORMANCE_WEBHOOK_PORT is a port number, not ${webhookPort}`);
  return {
    kind: 'url',
    target: {
      description: `${socket} (HTTP API ${http})`,
      socketUrl: socket,
      httpUrl: http,
      appId: required('APP_ID'),
      key: required('KEY'),
      secret: required('SECRET'),
      features,
      ...(port === undefined ? {} : { webhookListener: { host: '0.0.0.0', port } }),
    },
  };
}

function parseFeatures(value: string | undefined, fallback: readonly Feature[]): readonly Feature[] {
  if (value === undefined) return fallback;
  if (value === 'all') return FEATURE_NAMES;
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(FEATURE_NAMES as string[]).includes(name));
  if (unknown.length > 0) throw new Error(`PUSHGATE_CONFORMANCE_FEATURES names ${unknown.join(', ')}; the features are ${FEATURE_NAMES.join(', ')} (or all)`);
  return names as Feature[];
}

/** `scheme://host[:port]` without a trailing slash; a path is refused (neither client can prefix one). */
function baseUrl(variable: string, value: string, schemes: readonly string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${variable} is not a URL: ${value}`);
  }
  if (!schemes.includes(url.protocol)) throw new Error(`${variable} starts with ${schemes.map((scheme) => `${scheme}//`).join(' or ')}, not ${value}`);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') throw new Error(`${variable} is scheme://host[:port] with no path or query (pusher-js and the pusher package add their own): ${value}`);
  return `${url.protocol}//${url.host}`;
}

/** The parts the published clients take: host, port and TLS. */
export function hostAndPort(base: string): { readonly host: string; readonly port: number; readonly tls: boolean } {
  const url = new URL(base);
  const tls = url.protocol === 'wss:' || url.protocol === 'https:';
  return { host: url.hostname, port: url.port === '' ? (tls ? 443 : 80) : Number(url.port), tls };
}
