import { WEBSOCKET_AUTH_MODES } from '../domain/messaging/actions.ts';

/** Where a stack's pusher-js channels are served: hosted Pusher, pushgate's own channels API, or both. */
export const CHANNELS_CHOICES = ['hosted', 'pushgate', 'both'] as const;
export type ChannelsChoice = (typeof CHANNELS_CHOICES)[number];

/** Whether this choice deploys (and reaches) the stack's own channels, and whether it reaches hosted Pusher. */
export function servesOwnChannels(choice: ChannelsChoice): boolean {
  return choice !== 'hosted';
}
export function usesHostedPusher(choice: ChannelsChoice): boolean {
  return choice !== 'pushgate';
}

/**
 * Every setting pushgate has, declared once: its environment variable (what a function reads), its
 * stack key (`pushgate:<name>`, what an operator sets), its default and its range. The runtime
 * parser, the stack reader, each function's environment and the README's tables all come from here;
 * which functions read a setting is declared in `functions.ts`.
 */
interface Declared {
  readonly meaning: string;
  /** The environment variable a function reads; absent: the setting shapes the stack only. */
  readonly env?: string;
  /** Operators set it as `pushgate:<name>` in `Pulumi.<stack>.yaml`. */
  readonly stack?: true;
}

export interface IntegerSetting extends Declared {
  readonly kind: 'integer';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** Only these values within the range (CloudWatch's retention periods). */
  readonly allowed?: readonly number[];
  /** For the README, when the default depends on another setting. */
  readonly describeDefault?: string;
}

export interface TextSetting extends Declared {
  readonly kind: 'text';
  /** Absent and not required: the setting is simply unset. */
  readonly default?: string;
  readonly required?: true;
  /** A deployed stack's own default, where it differs from the runtime's. */
  readonly stackDefault?: (stack: string) => string;
  readonly describeDefault?: string;
}

export interface ChoiceSetting<T extends string = string> extends Declared {
  readonly kind: 'choice';
  readonly values: readonly T[];
  readonly default: T;
  readonly describeDefault?: string;
}

export interface SwitchSetting extends Declared {
  readonly kind: 'switch';
  readonly default: boolean;
  readonly stackDefault?: (stack: string) => boolean;
  readonly describeDefault?: string;
  readonly describeStackDefault?: string;
}

/** A secret: set with `pulumi config set --secret`, kept in an SSM SecureString, never in an environment. */
export interface SecretSetting extends Declared {
  readonly kind: 'secret';
  readonly env: string;
  readonly stack: true;
  readonly required: boolean;
  /** The last segment of its SSM parameter, `/pushgate/<stack>/<parameter>`. */
  readonly parameter: string;
  readonly describeDefault: string;
}

/** Where an AWS resource is; the stack sets it for the functions granted access to that resource. */
export interface AddressSetting extends Declared {
  readonly kind: 'address';
  readonly env: string;
  /** For the README, when no stack sets it yet. */
  readonly describeDefault?: string;
}

export type Setting = IntegerSetting | TextSetting | ChoiceSetting | SwitchSetting | SecretSetting | AddressSetting;

/** CloudWatch Logs accepts only these retention periods. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
const DAY = 86_400;

const isProduction = (stack: string) => stack === 'production';

export const SETTINGS = {
  pusherAppId: { kind: 'text', env: 'PUSHER_APP_ID', stack: true, required: true, meaning: 'the Pusher app id' },
  pusherKey: { kind: 'text', env: 'PUSHER_KEY', stack: true, required: true, meaning: 'the Pusher app key; with the secret, also the `/token` client credentials' },
  pusherCluster: { kind: 'text', env: 'PUSHER_CLUSTER', stack: true, default: 'mt1', meaning: 'the Pusher cluster' },
  pusherSecret: {
    kind: 'secret', env: 'PUSHER_SECRET', stack: true, required: true, parameter: 'pusher-secret', describeDefault: 'required where used',
    meaning: 'the Pusher app secret',
  },
  pusherEncryptionMasterKeyBase64: {
    kind: 'secret', env: 'PUSHER_ENCRYPTION_MASTER_KEY_BASE64', stack: true, required: false, parameter: 'pusher-encryption-master-key', describeDefault: 'off',
    meaning: '32 bytes, base64; enables private-encrypted channels',
  },
  tokenSigningKeys: {
    kind: 'secret', env: 'TOKEN_SIGNING_KEYS', stack: true, required: true, parameter: 'token-signing-keys', describeDefault: 'required where used',
    meaning: '`kid:base64secret[,kid:base64secret…]`, secrets ≥ 32 bytes; the first signs, all verify',
  },
  tokenIssuer: { kind: 'text', env: 'TOKEN_ISSUER', stack: true, default: 'pushgate', stackDefault: (stack) => `pushgate-${stack}`, meaning: 'the JWT `iss`' },
  tokenAudience: { kind: 'text', env: 'TOKEN_AUDIENCE', stack: true, default: 'pushgate', stackDefault: (stack) => `pushgate-${stack}`, meaning: 'the JWT `aud`' },
  accessTokenTtlSeconds: { kind: 'integer', env: 'ACCESS_TOKEN_TTL_SECONDS', stack: true, default: 900, min: 60, max: DAY, meaning: 'access-token lifetime unless the request asks for less' },
  maxAccessTokenTtlSeconds: { kind: 'integer', env: 'MAX_ACCESS_TOKEN_TTL_SECONDS', stack: true, default: 3600, min: 60, max: DAY, meaning: 'the longest access token a request may ask for; at least the default lifetime' },
  refreshTokenTtlSeconds: { kind: 'integer', env: 'REFRESH_TOKEN_TTL_SECONDS', stack: true, default: 30 * DAY, min: 3600, max: 365 * DAY, describeDefault: '2592000 (30 days)', meaning: 'refresh-token lifetime' },
  refreshFamilyMaxSeconds: {
    kind: 'integer', env: 'REFRESH_FAMILY_MAX_SECONDS', stack: true, default: 90 * DAY, min: 3600, max: 365 * DAY, describeDefault: '7776000 (90 days)',
    meaning: "a sign-in's absolute lifetime: refreshing never keeps one going longer than this after its first token",
  },
  websocketAuthMode: {
    kind: 'choice', env: 'WEBSOCKET_AUTH_MODE', stack: true, values: WEBSOCKET_AUTH_MODES, default: 'connect',
    meaning: '`connect` (`?token=` on connect) or `action` (`{"action":"authorize","token":…}`)',
  },
  fanOutDirectLimit: { kind: 'integer', env: 'FAN_OUT_DIRECT_LIMIT', stack: true, default: 50, min: 0, max: 10_000, meaning: 'users with up to this many connections are posted to directly; more go through the NotifyConnection queue' },
  fanOutConcurrency: { kind: 'integer', env: 'FAN_OUT_CONCURRENCY', stack: true, default: 10, min: 1, max: 500, meaning: 'posts in flight per invocation' },
  registryPageSize: { kind: 'integer', env: 'REGISTRY_PAGE_SIZE', stack: true, default: 100, min: 1, max: 1000, meaning: "connections read per page of a user's index query" },
  channels: {
    kind: 'choice', env: 'CHANNELS', stack: true, values: CHANNELS_CHOICES, default: 'hosted', describeDefault: '`hosted` (`both` in the example stacks)',
    meaning: "where pusher-js channels live: `hosted` Pusher, this stack's own channels API (`pushgate`), or `both`; the bridge and revocation reach each",
  },
  pusherWebhookUrl: {
    kind: 'text', env: 'PUSHER_WEBHOOK_URL', stack: true, describeDefault: 'none: no webhooks sent',
    meaning: "where the stack's own channels post Pusher's webhooks (`channel_occupied`, `member_added`, `client_event`, …), signed with the app secret",
  },
  subscriptionCountEvents: {
    kind: 'switch', env: 'SUBSCRIPTION_COUNT_EVENTS', stack: true, default: false,
    meaning: "send `pusher_internal:subscription_count` to the subscribers of non-presence channels as sockets join and leave, and the `subscription_count` webhook (Pusher's per-app switch; each is a delivery to every subscriber, so channels over 100 get one each 5 s)",
  },
  activityTimeoutSeconds: {
    kind: 'integer', env: 'ACTIVITY_TIMEOUT_SECONDS', stack: true, default: 120, min: 30, max: 540,
    meaning: "the `activity_timeout` each socket is greeted with: pusher-js pings after the lower of this and its own `activityTimeout` (120 s unless set) of silence, and API Gateway bills each ping and pong; at most 540, so a ping and its 30 s pong wait stay inside API Gateway's 10-minute idle limit",
  },
  clientEventsPerSecond: { kind: 'integer', env: 'CLIENT_EVENTS_PER_SECOND', stack: true, default: 10, min: 1, max: 1000, meaning: "client events one connection may send a second (Pusher's default); more are refused with `pusher:error` 4301" },
  pusherBridge: { kind: 'switch', env: 'PUSHER_BRIDGE', stack: true, default: false, describeDefault: '`off` (`on` in local mode)', meaning: "also send each notification to the user's Pusher clients (`sendToUser`)" },
  pusherBridgeEvent: { kind: 'text', env: 'PUSHER_BRIDGE_EVENT', stack: true, default: 'notification', meaning: 'the Pusher event name the bridge sends' },
  pusherHost: { kind: 'text', env: 'PUSHER_HOST', describeDefault: "Pusher's cluster", meaning: "a Pusher-compatible HTTP API instead of Pusher's cluster (local mode)" },
  pusherPort: { kind: 'integer', env: 'PUSHER_PORT', default: 443, min: 1, max: 65_535, describeDefault: '443 (80 without TLS)', meaning: "that API's port" },
  pusherUseTls: { kind: 'choice', env: 'PUSHER_USE_TLS', values: ['true', 'false'], default: 'true', meaning: 'whether that API speaks TLS' },
  awsRegion: { kind: 'text', env: 'AWS_REGION', describeDefault: 'set by Lambda', meaning: 'the AWS region of the clients' },
  connectionsTable: { kind: 'address', env: 'CONNECTIONS_TABLE', meaning: 'the connections table' },
  refreshTokensTable: { kind: 'address', env: 'REFRESH_TOKENS_TABLE', meaning: 'the refresh-token table' },
  webhookReplaysTable: { kind: 'address', env: 'WEBHOOK_REPLAYS_TABLE', meaning: 'the table of webhooks received, for refusing replays' },
  subscriptionsTable: {
    kind: 'address', env: 'SUBSCRIPTIONS_TABLE',
    meaning: 'the table of channel subscriptions and presence members',
  },
  managementEndpoint: { kind: 'address', env: 'MANAGEMENT_ENDPOINT', meaning: "the WebSocket API's `@connections` endpoint" },
  channelsManagementEndpoint: {
    kind: 'address', env: 'CHANNELS_MANAGEMENT_ENDPOINT',
    meaning: "the channels WebSocket API's `@connections` endpoint (the Pusher protocol's sockets)",
  },
  notifyConnectionQueueUrl: { kind: 'address', env: 'NOTIFY_CONNECTION_QUEUE_URL', meaning: 'the NotifyConnection queue' },
  webhookEventsQueueUrl: { kind: 'address', env: 'WEBHOOK_EVENTS_QUEUE_URL', meaning: 'the queue webhook events are handed on to' },
  appWebhookQueueUrl: { kind: 'address', env: 'APP_WEBHOOK_QUEUE_URL', meaning: 'the queue between the channels and the webhook worker' },
  channelsHandshakeFunction: {
    kind: 'address', env: 'CHANNELS_HANDSHAKE_FUNCTION',
    meaning: 'the function `channels-connect` invokes to greet a new socket',
  },
  channelFanOutQueueUrl: { kind: 'address', env: 'CHANNEL_FAN_OUT_QUEUE_URL', meaning: "the channel fan-out queue: a large channel's deliveries, in chunks for its worker" },
  logLevel: { kind: 'choice', env: 'POWERTOOLS_LOG_LEVEL', stack: true, values: LOG_LEVELS, default: 'INFO', meaning: 'function log level (read by Powertools Logger)' },
  logRetentionDays: { kind: 'integer', stack: true, default: 30, min: 1, max: 3653, allowed: RETENTION_DAYS, meaning: "log retention, one of CloudWatch's periods" },
  lambdaMemoryMb: { kind: 'integer', stack: true, default: 512, min: 128, max: 10_240, meaning: 'memory (and so CPU) of every function' },
  corsOrigins: { kind: 'text', stack: true, default: '*', meaning: 'comma-separated origins for the HTTP API, or `*`' },
  protectData: { kind: 'switch', stack: true, default: false, stackDefault: isProduction, describeStackDefault: '`on` on production, else `off`', meaning: 'deletion protection and point-in-time recovery on the tables' },
  alarms: { kind: 'switch', stack: true, default: false, stackDefault: isProduction, describeStackDefault: '`on` on production, else `off`', meaning: 'an alarm on every dead-letter queue' },
  channelsDomain: { kind: 'text', stack: true, describeDefault: 'none: the distribution\'s own `*.cloudfront.net` name', meaning: 'a domain of your own for pusher-js (`wsHost`), with `channelsCertificateArn`; point a CNAME at the `channelsDistributionDomain` output' },
  channelsCertificateArn: { kind: 'text', stack: true, describeDefault: 'none; required with `channelsDomain`', meaning: "the ACM certificate (in us-east-1, as CloudFront requires) for `channelsDomain`" },
  alarmTopicArn: { kind: 'text', stack: true, describeDefault: 'none; required when `alarms` is on', meaning: 'the SNS topic (its ARN) the alarms notify' },
  metricsStage: {
    kind: 'text', env: 'METRICS_STAGE', stack: true, default: 'local', stackDefault: (stack) => stack, describeDefault: "the stack's name (`local` in local mode)",
    meaning: 'the `stage` dimension on every metric, so two stacks in one account never add up',
  },
  throttleRateLimit: { kind: 'integer', stack: true, default: 500, min: 1, max: 10_000, meaning: 'per-stage API throttling: requests per second' },
  throttleBurstLimit: { kind: 'integer', stack: true, default: 1000, min: 1, max: 5000, meaning: "per-stage API throttling: burst (the account's burst is 5,000)" },
  manageApiGatewayLoggingRole: {
    kind: 'switch', stack: true, default: false,
    meaning: "set API Gateway's account-wide CloudWatch role, without which WebSocket access logs cannot be turned on; it is one setting per account and Region, so turn this on in exactly one stack of each (the role and the setting are kept when that stack is destroyed)",
  },
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;
export type SecretName = { [K in SettingName]: (typeof SETTINGS)[K] extends { kind: 'secret' } ? K : never }[SettingName];
export type AddressName = { [K in SettingName]: (typeof SETTINGS)[K] extends { kind: 'address' } ? K : never }[SettingName];

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
export const SECRET_NAMES = SETTING_NAMES.filter((name): name is SecretName => SETTINGS[name].kind === 'secret');

/** The setting as a deployed stack knows it. */
export function stackKeyOf(name: SettingName): string {
  return `pushgate:${name}`;
}

/** A function is handed a secret as the name of its SSM parameter, in `<VARIABLE>_PARAMETER`. */
export function parameterVariableOf(name: SecretName): string {
  return `${SETTINGS[name].env}_PARAMETER`;
}

/** The text form of a value in an environment: switches are `on`/`off`. */
export function environmentValue(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return String(value);
}

export type NamesOf<K extends Setting['kind']> = { [N in SettingName]: (typeof SETTINGS)[N] extends { kind: K } ? N : never }[SettingName];
export type ChoiceOf<N extends NamesOf<'choice'>> = (typeof SETTINGS)[N]['values'][number];
/** Settings read by their kind alone (secrets and addresses are not: the stack holds them apart). */
export type PlainName = NamesOf<'integer' | 'text' | 'choice' | 'switch'>;
export type ValueOf<N extends PlainName> = N extends NamesOf<'integer'> ? number : N extends NamesOf<'switch'> ? boolean : N extends NamesOf<'choice'> ? ChoiceOf<N> : string | undefined;

type StackName = { [N in SettingName]: (typeof SETTINGS)[N] extends { stack: true } ? N : never }[SettingName];
export type StackPlainName = PlainName & StackName;

/** The plain settings an operator sets on a stack. */
export const STACK_PLAIN_NAMES = SETTING_NAMES.filter((name): name is StackPlainName => {
  const setting: Setting = SETTINGS[name];
  return setting.stack === true && setting.kind !== 'secret' && setting.kind !== 'address';
});
