import type { SigningKey } from '../driven/jose/jose-token-codec.ts';
import type { PusherAppCredentials } from '../../domain/channels/pusher-signature.ts';
import type { WebSocketAuthMode } from '../../domain/messaging/actions.ts';
import { SettingsReader } from '../../manifest/settings-reader.ts';
import { SETTINGS, type AddressName, type ChannelsChoice, type SecretName, type Setting, type SettingName } from '../../manifest/settings.ts';
import type { FanOutSettings } from '../../domain/notifications/fan-out-to-user.use-case.ts';
import type { TokenPolicy } from '../../domain/tokens/issue-token.use-case.ts';

/** Everything a function needs to know at cold start, parsed once from its environment. */
export interface RuntimeConfig {
  readonly pusher: PusherAppCredentials & { readonly cluster: string };
  readonly tokens: {
    readonly issuer: string;
    readonly audience: string;
    readonly signingKeys: readonly SigningKey[];
    readonly policy: TokenPolicy;
  };
  readonly websocketAuthMode: WebSocketAuthMode;
  readonly fanOut: FanOutSettings;
  /** Send each NotifyUser to the user's Pusher clients as well. */
  readonly pusherBridge: { readonly enabled: boolean; readonly eventName: string };
  /** Where the stack's own channels post webhooks; none sent without it. */
  readonly pusherWebhookUrl?: string;
  /** Where pusher-js channels live: what the bridge publishes to and revocation terminates on. */
  readonly channels: ChannelsChoice;
  /** The Pusher protocol's per-app switches and limits, as pushgate serves it. */
  readonly realtime: { readonly subscriptionCountEvents: boolean; readonly clientEventsPerSecond: number; readonly activityTimeoutSeconds: number };
  /** Where the Pusher HTTP API is, when it is not Pusher's own cluster (local mode). */
  readonly pusherApi?: { readonly host: string; readonly port: number; readonly useTLS: boolean };
  /** The AWS resources a function uses; each is required only by the adapter that needs it. */
  readonly aws: {
    readonly region?: string;
    readonly connectionsTable?: string;
    readonly refreshTokensTable?: string;
    readonly webhookReplaysTable?: string;
    readonly subscriptionsTable?: string;
    readonly managementEndpoint?: string;
    readonly channelsManagementEndpoint?: string;
    readonly notifyConnectionQueueUrl?: string;
    readonly webhookEventsQueueUrl?: string;
    readonly channelsHandshakeFunction?: string;
    readonly channelFanOutQueueUrl?: string;
    readonly appWebhookQueueUrl?: string;
  };
}

/** The setting behind each of `RuntimeConfig.aws`, for errors that name the variable to set. */
const AWS_SETTINGS = {
  connectionsTable: SETTINGS.connectionsTable,
  refreshTokensTable: SETTINGS.refreshTokensTable,
  webhookReplaysTable: SETTINGS.webhookReplaysTable,
  subscriptionsTable: SETTINGS.subscriptionsTable,
  managementEndpoint: SETTINGS.managementEndpoint,
  channelsManagementEndpoint: SETTINGS.channelsManagementEndpoint,
  notifyConnectionQueueUrl: SETTINGS.notifyConnectionQueueUrl,
  webhookEventsQueueUrl: SETTINGS.webhookEventsQueueUrl,
  channelsHandshakeFunction: SETTINGS.channelsHandshakeFunction,
  channelFanOutQueueUrl: SETTINGS.channelFanOutQueueUrl,
  appWebhookQueueUrl: SETTINGS.appWebhookQueueUrl,
} as const satisfies Record<keyof RuntimeConfig['aws'] & AddressName, unknown>;

/** The region for an AWS client: Lambda's (AWS_REGION) when set, else the SDK's own lookup. */
export function awsRegionOf(config: RuntimeConfig): { readonly region?: string } {
  return config.aws.region === undefined ? {} : { region: config.aws.region };
}

/** Reads one AWS setting, failing with the variable's name when it is absent. */
export function requireAwsSetting(config: RuntimeConfig, setting: keyof typeof AWS_SETTINGS): string {
  const value = config.aws[setting];
  if (value === undefined) throw new ConfigurationError(`invalid configuration: ${AWS_SETTINGS[setting].env} is required by this function`);
  return value;
}

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

type Environment = Readonly<Record<string, string | undefined>>;

const MIN_SIGNING_KEY_BYTES = 32;

/**
 * Reads the environment by the settings schema, reporting every missing or malformed variable by
 * name at once, so a misconfigured deployment fails its first invocation with one clear message.
 */
export function parseRuntimeConfig(env: Environment): RuntimeConfig {
  const read = new SettingsReader({ lookup: (name) => variableOf(env, name), label: (name) => variableName(name) });
  const secrets = new SecretReader(read);
  const config: RuntimeConfig = {
    pusher: requiredWhenUsed(
      { appId: read.text('pusherAppId')!, key: read.text('pusherKey')!, cluster: read.text('pusherCluster')!, ...secrets.masterKey() },
      'secret',
      read.raw('pusherSecret'),
      'pusherSecret',
    ),
    tokens: requiredWhenUsed(
      {
        issuer: read.text('tokenIssuer')!,
        audience: read.text('tokenAudience')!,
        policy: {
          accessTokenTtlSeconds: read.integer('accessTokenTtlSeconds'),
          maxAccessTokenTtlSeconds: read.integer('maxAccessTokenTtlSeconds'),
          refreshTokenTtlSeconds: read.integer('refreshTokenTtlSeconds'),
          refreshFamilyMaxSeconds: read.integer('refreshFamilyMaxSeconds'),
        },
      },
      'signingKeys',
      secrets.signingKeys(),
      'tokenSigningKeys',
    ),
    websocketAuthMode: read.choice('websocketAuthMode'),
    fanOut: {
      directDeliveryLimit: read.integer('fanOutDirectLimit'),
      concurrency: read.integer('fanOutConcurrency'),
      registryPageSize: read.integer('registryPageSize'),
    },
    pusherBridge: { enabled: read.switch('pusherBridge'), eventName: read.text('pusherBridgeEvent')! },
    channels: read.choice('channels'),
    ...optionalEntry('pusherWebhookUrl', read.text('pusherWebhookUrl')),
    realtime: { subscriptionCountEvents: read.switch('subscriptionCountEvents'), clientEventsPerSecond: read.integer('clientEventsPerSecond'), activityTimeoutSeconds: read.integer('activityTimeoutSeconds') },
    ...pusherApi(read),
    aws: {
      ...optionalEntry('region', read.text('awsRegion')),
      ...Object.fromEntries(Object.keys(AWS_SETTINGS).flatMap((setting) => {
        const value = read.raw(setting as keyof typeof AWS_SETTINGS);
        return value === undefined ? [] : [[setting, value]];
      })),
    },
  };
  if (config.tokens.policy.accessTokenTtlSeconds > config.tokens.policy.maxAccessTokenTtlSeconds) {
    read.report(`${variableName('accessTokenTtlSeconds')} must not exceed ${variableName('maxAccessTokenTtlSeconds')}`);
  }
  if (config.pusherWebhookUrl !== undefined && !isHttpUrl(config.pusherWebhookUrl)) read.report(`${variableName('pusherWebhookUrl')} must be an http(s) URL, such as https://app.example.com/pusher/webhooks`);
  if (read.problems.length > 0) throw new ConfigurationError(`invalid configuration: ${read.problems.join('; ')}`);
  return config;
}

function variableName(name: SettingName): string {
  const setting: Setting = SETTINGS[name];
  if (setting.env === undefined) throw new Error(`${name} is a stack setting; functions do not read it`);
  return setting.env;
}

function variableOf(env: Environment, name: SettingName): string | undefined {
  return env[variableName(name)];
}

/**
 * Secrets are required only by the functions that use them (least privilege: a function that never
 * signs gets no signing key). Reading an absent one fails then, naming its variable.
 */
function requiredWhenUsed<T extends object, K extends string, V>(target: T, property: K, value: V | undefined, secret: SecretName): T & { readonly [P in K]: V } {
  return Object.defineProperty(target, property, {
    enumerable: true,
    get: () => {
      if (value === undefined) throw new ConfigurationError(`invalid configuration: ${variableName(secret)} is required by this function`);
      return value;
    },
  }) as T & { readonly [P in K]: V };
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

function optionalEntry<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Local mode's Pusher-compatible HTTP API, when `PUSHER_HOST` names one. */
function pusherApi(read: SettingsReader): { pusherApi?: { host: string; port: number; useTLS: boolean } } {
  const host = read.text('pusherHost');
  if (host === undefined) return {};
  const useTLS = read.choice('pusherUseTls') === 'true';
  return { pusherApi: { host, port: read.integer('pusherPort', useTLS ? 443 : 80), useTLS } };
}

/** The secrets whose format the runtime checks; the messages never repeat the value. */
class SecretReader {
  private readonly read: SettingsReader;

  constructor(read: SettingsReader) {
    this.read = read;
  }

  masterKey(): { encryptionMasterKey?: Uint8Array } {
    const raw = this.read.raw('pusherEncryptionMasterKeyBase64');
    if (raw === undefined) return {};
    const key = Buffer.from(raw, 'base64');
    if (key.byteLength !== 32 || key.toString('base64') !== raw) {
      this.read.report(`${this.read.labelOf('pusherEncryptionMasterKeyBase64')} must be 32 bytes, base64-encoded`);
      return {};
    }
    return { encryptionMasterKey: key };
  }

  /** `kid:base64secret[,kid:base64secret…]`; the first key signs, all verify (rotation). */
  signingKeys(): SigningKey[] | undefined {
    const raw = this.read.raw('tokenSigningKeys');
    if (raw === undefined) return undefined;
    const keys: SigningKey[] = [];
    for (const entry of raw.split(',')) {
      const [kid, secret] = entry.trim().split(':');
      const bytes = secret === undefined ? Buffer.alloc(0) : Buffer.from(secret, 'base64');
      if (kid === undefined || kid === '' || bytes.byteLength < MIN_SIGNING_KEY_BYTES) {
        this.read.report(`${this.read.labelOf('tokenSigningKeys')} must list kid:base64secret pairs, each secret at least ${MIN_SIGNING_KEY_BYTES} bytes`);
        return [];
      }
      keys.push({ kid, secret: bytes });
    }
    return keys;
  }
}
