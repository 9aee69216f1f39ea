import type { SigningKey } from '../driven/jose/jose-token-codec.ts';
import type { PusherAppCredentials } from '../../domain/channels/pusher-signature.ts';
import { WEBSOCKET_AUTH_MODES, type WebSocketAuthMode } from '../../domain/messaging/actions.ts';
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
  /** Where the Pusher HTTP API is, when it is not Pusher's own cluster (local mode). */
  readonly pusherApi?: { readonly host: string; readonly port: number; readonly useTLS: boolean };
  /** The AWS resources a function uses; each is required only by the adapter that needs it. */
  readonly aws: {
    readonly region?: string;
    readonly connectionsTable?: string;
    readonly refreshTokensTable?: string;
    readonly managementEndpoint?: string;
    readonly notifyConnectionQueueUrl?: string;
    readonly webhookEventsQueueUrl?: string;
  };
}

/** The names of the variables behind `RuntimeConfig.aws`, for errors that say what to set. */
export const AWS_SETTING_VARIABLES = {
  connectionsTable: 'CONNECTIONS_TABLE',
  refreshTokensTable: 'REFRESH_TOKENS_TABLE',
  managementEndpoint: 'MANAGEMENT_ENDPOINT',
  notifyConnectionQueueUrl: 'NOTIFY_CONNECTION_QUEUE_URL',
  webhookEventsQueueUrl: 'WEBHOOK_EVENTS_QUEUE_URL',
} as const;

/** Reads one AWS setting, failing with the variable's name when it is absent. */
export function requireAwsSetting(config: RuntimeConfig, setting: keyof typeof AWS_SETTING_VARIABLES): string {
  const value = config.aws[setting];
  if (value === undefined) throw new ConfigurationError(`invalid configuration: ${AWS_SETTING_VARIABLES[setting]} is required by this function`);
  return value;
}

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

type Environment = Readonly<Record<string, string | undefined>>;

const MIN_SIGNING_KEY_BYTES = 32;

/**
 * Reads the environment, reporting every missing or malformed variable by name at once, so a
 * misconfigured deployment fails its first invocation with one clear message.
 */
export function parseRuntimeConfig(env: Environment): RuntimeConfig {
  const problems: string[] = [];
  const read = new EnvironmentReader(env, problems);
  const config: RuntimeConfig = {
    pusher: requiredWhenUsed(
      {
        appId: read.required('PUSHER_APP_ID'),
        key: read.required('PUSHER_KEY'),
        cluster: read.optional('PUSHER_CLUSTER') ?? 'mt1',
        ...read.masterKey('PUSHER_ENCRYPTION_MASTER_KEY_BASE64'),
      },
      'secret',
      read.optional('PUSHER_SECRET'),
      'PUSHER_SECRET',
    ),
    tokens: requiredWhenUsed(
      {
        issuer: read.optional('TOKEN_ISSUER') ?? 'pushgate',
        audience: read.optional('TOKEN_AUDIENCE') ?? 'pushgate',
        policy: {
          accessTokenTtlSeconds: read.integer('ACCESS_TOKEN_TTL_SECONDS', 900, 1, 86_400),
          maxAccessTokenTtlSeconds: read.integer('MAX_ACCESS_TOKEN_TTL_SECONDS', 3600, 1, 86_400),
          refreshTokenTtlSeconds: read.integer('REFRESH_TOKEN_TTL_SECONDS', 30 * 86_400, 60, 365 * 86_400),
        },
      },
      'signingKeys',
      read.signingKeys('TOKEN_SIGNING_KEYS'),
      'TOKEN_SIGNING_KEYS',
    ),
    websocketAuthMode: read.oneOf('WEBSOCKET_AUTH_MODE', WEBSOCKET_AUTH_MODES, 'connect'),
    fanOut: {
      directDeliveryLimit: read.integer('FAN_OUT_DIRECT_LIMIT', 50, 0, 10_000),
      concurrency: read.integer('FAN_OUT_CONCURRENCY', 10, 1, 500),
      registryPageSize: read.integer('REGISTRY_PAGE_SIZE', 100, 1, 1000),
    },
    pusherBridge: {
      enabled: read.oneOf('PUSHER_BRIDGE', ['on', 'off'] as const, 'off') === 'on',
      eventName: read.optional('PUSHER_BRIDGE_EVENT') ?? 'notification',
    },
    ...read.pusherApi('PUSHER_HOST', 'PUSHER_PORT', 'PUSHER_USE_TLS'),
    aws: {
      ...optionalEntry('region', read.optional('AWS_REGION')),
      ...Object.fromEntries(Object.entries(AWS_SETTING_VARIABLES).flatMap(([setting, name]) => {
        const value = read.optional(name);
        return value === undefined ? [] : [[setting, value]];
      })),
    },
  };
  if (config.tokens.policy.accessTokenTtlSeconds > config.tokens.policy.maxAccessTokenTtlSeconds) {
    problems.push('ACCESS_TOKEN_TTL_SECONDS must not exceed MAX_ACCESS_TOKEN_TTL_SECONDS');
  }
  if (problems.length > 0) throw new ConfigurationError(`invalid configuration: ${problems.join('; ')}`);
  return config;
}

/**
 * Secrets are required only by the functions that use them (least privilege: a function that never
 * signs gets no signing key). Reading an absent one fails then, naming its variable.
 */
function requiredWhenUsed<T extends object, K extends string, V>(target: T, property: K, value: V | undefined, variable: string): T & { readonly [P in K]: V } {
  return Object.defineProperty(target, property, {
    enumerable: true,
    get: () => {
      if (value === undefined) throw new ConfigurationError(`invalid configuration: ${variable} is required by this function`);
      return value;
    },
  }) as T & { readonly [P in K]: V };
}

function optionalEntry<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

class EnvironmentReader {
  private readonly env: Environment;
  private readonly problems: string[];

  constructor(env: Environment, problems: string[]) {
    this.env = env;
    this.problems = problems;
  }

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) this.problems.push(`${name} is required`);
    return value ?? '';
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')}, not ${JSON.stringify(raw)}`);
      return fallback;
    }
    return raw as T;
  }

  pusherApi(hostName: string, portName: string, tlsName: string): { pusherApi?: { host: string; port: number; useTLS: boolean } } {
    const host = this.optional(hostName);
    if (host === undefined) return {};
    const useTLS = this.oneOf(tlsName, ['true', 'false'] as const, 'true') === 'true';
    return { pusherApi: { host, port: this.integer(portName, useTLS ? 443 : 80, 1, 65_535), useTLS } };
  }

  masterKey(name: string): { encryptionMasterKey?: Uint8Array } {
    const raw = this.optional(name);
    if (raw === undefined) return {};
    const key = Buffer.from(raw, 'base64');
    if (key.byteLength !== 32 || key.toString('base64') !== raw) {
      this.problems.push(`${name} must be 32 bytes, base64-encoded`);
      return {};
    }
    return { encryptionMasterKey: key };
  }

  /** `kid:base64secret[,kid:base64secret…]`; the first key signs, all verify (rotation). */
  signingKeys(name: string): SigningKey[] | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    const keys: SigningKey[] = [];
    for (const entry of raw.split(',')) {
      const [kid, secret] = entry.trim().split(':');
      const bytes = secret === undefined ? Buffer.alloc(0) : Buffer.from(secret, 'base64');
      if (kid === undefined || kid === '' || bytes.byteLength < MIN_SIGNING_KEY_BYTES) {
        this.problems.push(`${name} must list kid:base64secret pairs, each secret at least ${MIN_SIGNING_KEY_BYTES} bytes`);
        return [];
      }
      keys.push({ kid, secret: bytes });
    }
    return keys;
  }
}
