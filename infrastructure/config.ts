import * as pulumi from '@pulumi/pulumi';
import { deployedFunctionName, FUNCTION_NAME_LIMIT, FUNCTION_NAMES } from '../manifest/functions.ts';
import { SettingsReader } from '../manifest/settings-reader.ts';
import { environmentValue, SECRET_NAMES, SETTINGS, STACK_PLAIN_NAMES, stackKeyOf, type SecretName, type Setting, type SettingName, type StackPlainName, type ValueOf } from '../manifest/settings.ts';

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** Everything a stack is configured with, validated once. Secrets stay Pulumi secrets throughout. */
export interface StackConfig {
  readonly stack: string;
  /** Every plain stack setting, by its name in the schema. */
  readonly settings: { readonly [N in StackPlainName]: ValueOf<N> };
  /** The plain settings functions read, as their environment holds them (by setting name). */
  readonly environment: Readonly<Partial<Record<SettingName, string>>>;
  /** Required secrets are always present; an absent optional one turns its feature off. */
  readonly secrets: Readonly<Partial<Record<SecretName, pulumi.Output<string>>>>;
  /** `corsOrigins`, split and checked. */
  readonly corsOrigins: readonly string[];
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
}

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
 * Reads and validates `pushgate:*` for one stack by the settings schema, reporting every missing or
 * malformed key at once by its name, before a single resource is planned.
 */
export function readStackConfig(stack: string, source: ConfigSource): StackConfig {
  const read = new SettingsReader({ lookup: (name) => source.get(name), label: stackKeyOf, stack });
  const plain = Object.fromEntries(STACK_PLAIN_NAMES.map((name) => [name, read.value(name)])) as StackConfig['settings'];
  const secret = (name: SecretName): pulumi.Output<string> | undefined => {
    if (!SETTINGS[name].required) return source.getSecret(name);
    try {
      return source.requireSecret(name);
    } catch {
      read.report(`${stackKeyOf(name)} is required (pulumi config set --secret ${stackKeyOf(name)} …)`);
      return undefined;
    }
  };
  const secrets = Object.fromEntries(SECRET_NAMES.flatMap((name) => {
    const value = secret(name);
    return value === undefined ? [] : [[name, value]];
  })) as Partial<Record<SecretName, pulumi.Output<string>>>;

  const corsOrigins = plain.corsOrigins!.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) read.report(`${stackKeyOf('corsOrigins')} has ${JSON.stringify(origin)}, which is not * or an origin such as https://app.example.com`);
  }
  // An alarm that notifies no one is only a line in the console.
  if (plain.alarms && plain.alarmTopicArn === undefined) read.report(`${stackKeyOf('alarmTopicArn')} is required when ${stackKeyOf('alarms')} is on: the SNS topic the alarms notify`);
  if (plain.alarmTopicArn !== undefined && !SNS_TOPIC_ARN.test(plain.alarmTopicArn)) {
    read.report(`${stackKeyOf('alarmTopicArn')} is ${JSON.stringify(plain.alarmTopicArn)}, which is not an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:pushgate-alarms`);
  }
  if ((plain.channelsDomain === undefined) !== (plain.channelsCertificateArn === undefined)) {
    read.report(`${stackKeyOf('channelsDomain')} and ${stackKeyOf('channelsCertificateArn')} go together: a domain of your own needs its certificate`);
  }
  if (plain.channelsCertificateArn !== undefined && !US_EAST_1_CERTIFICATE_ARN.test(plain.channelsCertificateArn)) {
    read.report(`${stackKeyOf('channelsCertificateArn')} is ${JSON.stringify(plain.channelsCertificateArn)}, which is not an ACM certificate in us-east-1 (CloudFront takes no other), such as arn:aws:acm:us-east-1:123456789012:certificate/…`);
  }
  if (plain.channelsDomain !== undefined && !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(plain.channelsDomain)) {
    read.report(`${stackKeyOf('channelsDomain')} is ${JSON.stringify(plain.channelsDomain)}, which is not a lower-case domain name such as ws.example.com`);
  }
  if (plain.pusherWebhookUrl !== undefined && !/^https:\/\/[^\s/]+/.test(plain.pusherWebhookUrl)) {
    read.report(`${stackKeyOf('pusherWebhookUrl')} is ${JSON.stringify(plain.pusherWebhookUrl)}; webhooks carry your channels' events, so it must be an https:// URL`);
  }
  if (plain.accessTokenTtlSeconds > plain.maxAccessTokenTtlSeconds) read.report(`${stackKeyOf('accessTokenTtlSeconds')} must not exceed ${stackKeyOf('maxAccessTokenTtlSeconds')}`);

  const config: StackConfig = {
    stack,
    settings: plain,
    environment: Object.fromEntries(STACK_PLAIN_NAMES.flatMap((name) => {
      const value = plain[name];
      const setting: Setting = SETTINGS[name];
      return setting.env === undefined || value === undefined ? [] : [[name, environmentValue(value)]];
    })),
    secrets,
    corsOrigins,
    throttling: { rateLimit: plain.throttleRateLimit, burstLimit: plain.throttleBurstLimit },
  };
  checkFunctionNames(stack, read);
  if (read.problems.length > 0) throw new StackConfigError(`invalid stack configuration for ${stack}: ${read.problems.join('; ')}`);
  return config;
}

/** The stack's name is part of every function's name, which Lambda limits in length and characters. */
/** CloudFront accepts certificates from ACM in us-east-1 only. */
const US_EAST_1_CERTIFICATE_ARN = /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;

function checkFunctionNames(stack: string, read: SettingsReader): void {
  const longest = FUNCTION_NAMES.map((name) => deployedFunctionName(stack, name)).reduce((a, b) => (b.length > a.length ? b : a));
  if (!FUNCTION_NAME_LIMIT.pattern.test(longest)) {
    read.report(`the stack name ${JSON.stringify(stack)} may hold only letters, digits, - and _ (no "."), because Lambda function names (${longest}) may`);
  }
  if (longest.length > FUNCTION_NAME_LIMIT.maxLength) {
    read.report(`the stack name ${JSON.stringify(stack)} makes the function name ${longest} ${longest.length} characters long; Lambda allows ${FUNCTION_NAME_LIMIT.maxLength}`);
  }
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
