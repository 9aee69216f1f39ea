import * as pulumi from '@pulumi/pulumi';
import { WEBSOCKET_AUTH_MODES, type WebSocketAuthMode } from '../domain/messaging/actions.ts';

/** Everything a stack is configured with, validated once. Secrets stay Pulumi secrets throughout. */
export interface StackConfig {
  readonly stack: string;
  readonly pusher: { readonly appId: string; readonly key: string; readonly cluster: string };
  readonly secrets: {
    readonly pusherSecret: pulumi.Output<string>;
    readonly tokenSigningKeys: pulumi.Output<string>;
    /** Absent: private-encrypted channels are refused. */
    readonly pusherEncryptionMasterKeyBase64?: pulumi.Output<string>;
  };
  readonly tokens: { readonly issuer: string; readonly audience: string; readonly accessTokenTtlSeconds: number; readonly maxAccessTokenTtlSeconds: number; readonly refreshTokenTtlSeconds: number };
  readonly websocketAuthMode: WebSocketAuthMode;
  readonly fanOut: { readonly directLimit: number; readonly concurrency: number };
  readonly pusherBridge: boolean;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly logRetentionDays: number;
  readonly lambdaMemoryMb: number;
  readonly corsOrigins: readonly string[];
  /** Production: deletion protection and point-in-time recovery on the tables. */
  readonly protectData: boolean;
  /** Production: alarms on every dead-letter queue. */
  readonly alarms: boolean;
  readonly alarmTopicArn?: string;
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  /** Set API Gateway's account-wide CloudWatch role (needed for WebSocket access logs); one stack per account and region. */
  readonly manageApiGatewayLoggingRole: boolean;
}

/** CloudWatch Logs accepts only these retention periods. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

export class StackConfigError extends Error {
  override readonly name = 'StackConfigError';
}

/** How config is read: `pulumi.Config` in a deployment, a plain map in tests. */
export interface ConfigSource {
  get(key: string): string | undefined;
  requireSecret(key: string): pulumi.Output<string>;
  getSecret(key: string): pulumi.Output<string> | undefined;
}

/**
 * Reads and validates `pushgate:*` for one stack, reporting every missing or malformed key at once
 * by its name, before a single resource is planned.
 */
export function readStackConfig(stack: string, source: ConfigSource): StackConfig {
  const problems: string[] = [];
  const text = (key: string, fallback?: string): string => {
    const value = source.get(key)?.trim();
    if (value === undefined || value === '') {
      if (fallback === undefined) problems.push(`pushgate:${key} is required`);
      return fallback ?? '';
    }
    return value;
  };
  const integer = (key: string, fallback: number, min: number, max: number): number => {
    const raw = source.get(key);
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      problems.push(`pushgate:${key} must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  };
  const flag = (key: string, fallback: boolean): boolean => {
    const raw = source.get(key)?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['true', 'on', 'yes'].includes(raw)) return true;
    if (['false', 'off', 'no'].includes(raw)) return false;
    problems.push(`pushgate:${key} must be true or false, not ${JSON.stringify(raw)}`);
    return fallback;
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const raw = source.get(key)?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`pushgate:${key} must be one of ${allowed.join(', ')}, not ${JSON.stringify(raw)}`);
      return fallback;
    }
    return raw as T;
  };
  const secret = (key: string): pulumi.Output<string> | undefined => {
    try {
      return source.requireSecret(key);
    } catch {
      problems.push(`pushgate:${key} is required (pulumi config set --secret pushgate:${key} …)`);
      return undefined;
    }
  };

  const pusherSecret = secret('pusherSecret');
  const tokenSigningKeys = secret('tokenSigningKeys');
  const masterKey = source.getSecret('pusherEncryptionMasterKeyBase64');
  const logRetentionDays = integer('logRetentionDays', 30, 1, 3653);
  if (!RETENTION_DAYS.includes(logRetentionDays)) problems.push(`pushgate:logRetentionDays must be one of CloudWatch's periods (${RETENTION_DAYS.join(', ')})`);
  const corsOrigins = text('corsOrigins', '*').split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) problems.push(`pushgate:corsOrigins has ${JSON.stringify(origin)}, which is not * or an origin such as https://app.example.com`);
  }
  const accessTokenTtlSeconds = integer('accessTokenTtlSeconds', 900, 60, 86_400);
  const maxAccessTokenTtlSeconds = integer('maxAccessTokenTtlSeconds', Math.max(3600, accessTokenTtlSeconds), 60, 86_400);
  if (accessTokenTtlSeconds > maxAccessTokenTtlSeconds) problems.push('pushgate:accessTokenTtlSeconds must not exceed pushgate:maxAccessTokenTtlSeconds');

  const config: StackConfig = {
    stack,
    pusher: { appId: text('pusherAppId'), key: text('pusherKey'), cluster: text('pusherCluster', 'mt1') },
    secrets: {
      pusherSecret: pusherSecret ?? pulumi.secret(''),
      tokenSigningKeys: tokenSigningKeys ?? pulumi.secret(''),
      ...(masterKey === undefined ? {} : { pusherEncryptionMasterKeyBase64: masterKey }),
    },
    tokens: {
      issuer: text('tokenIssuer', `pushgate-${stack}`),
      audience: text('tokenAudience', `pushgate-${stack}`),
      accessTokenTtlSeconds,
      maxAccessTokenTtlSeconds,
      refreshTokenTtlSeconds: integer('refreshTokenTtlSeconds', 30 * 86_400, 3600, 365 * 86_400),
    },
    websocketAuthMode: oneOf('websocketAuthMode', WEBSOCKET_AUTH_MODES, 'connect'),
    fanOut: { directLimit: integer('fanOutDirectLimit', 50, 0, 10_000), concurrency: integer('fanOutConcurrency', 10, 1, 500) },
    pusherBridge: flag('pusherBridge', false),
    logLevel: oneOf('logLevel', LOG_LEVELS, 'INFO'),
    logRetentionDays,
    lambdaMemoryMb: integer('lambdaMemoryMb', 512, 128, 10_240),
    corsOrigins,
    protectData: flag('protectData', stack === 'production'),
    alarms: flag('alarms', stack === 'production'),
    ...(source.get('alarmTopicArn') ? { alarmTopicArn: source.get('alarmTopicArn')! } : {}),
    throttling: { rateLimit: integer('throttleRateLimit', 500, 1, 10_000), burstLimit: integer('throttleBurstLimit', 1000, 1, 10_000) },
    manageApiGatewayLoggingRole: flag('manageApiGatewayLoggingRole', true),
  };
  if (problems.length > 0) throw new StackConfigError(`invalid stack configuration for ${stack}: ${problems.join('; ')}`);
  return config;
}

/** The real source: `pulumi.Config('pushgate')`. */
export function pulumiConfigSource(): ConfigSource {
  const config = new pulumi.Config('pushgate');
  return {
    get: (key) => config.get(key),
    requireSecret: (key) => config.requireSecret(key),
    getSecret: (key) => config.getSecret(key),
  };
}
