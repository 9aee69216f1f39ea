import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { readStackConfig, StackConfigError, type ConfigSource } from './config.ts';

function source(values: Record<string, string>, secrets: Record<string, string> = { pusherSecret: 's', tokenSigningKeys: 'k1:abc' }): ConfigSource {
  return {
    get: (key) => values[key],
    requireSecret: (key) => {
      if (secrets[key] === undefined) throw new Error(`Missing required configuration variable 'pushgate:${key}'`);
      return pulumi.secret(secrets[key]);
    },
    getSecret: (key) => (secrets[key] === undefined ? undefined : pulumi.secret(secrets[key])),
  };
}

const MINIMAL = { pusherAppId: '1', pusherKey: 'key' };
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:pushgate-alarms';

describe('readStackConfig', () => {
  it('fills production-grade defaults by stack', () => {
    expect(readStackConfig('production', source({ ...MINIMAL, alarmTopicArn: TOPIC })).settings).toMatchObject({ protectData: true, alarms: true, websocketAuthMode: 'connect', tokenIssuer: 'pushgate-production', metricsStage: 'production' });
    expect(readStackConfig('staging', source(MINIMAL)).settings).toMatchObject({ protectData: false, alarms: false });
  });

  it('refuses alarms that notify no one: a topic is required when alarms are on, and must be an SNS topic ARN', () => {
    expect(() => readStackConfig('production', source(MINIMAL))).toThrow(/pushgate:alarmTopicArn is required when pushgate:alarms is on/);
    expect(() => readStackConfig('staging', source({ ...MINIMAL, alarms: 'on' }))).toThrow(/pushgate:alarmTopicArn is required/);
    expect(() => readStackConfig('production', source({ ...MINIMAL, alarmTopicArn: 'REPLACE-ME with your topic' }))).toThrow(/pushgate:alarmTopicArn is "REPLACE-ME with your topic", which is not an SNS topic ARN/);
    expect(readStackConfig('staging', source(MINIMAL)).settings.alarmTopicArn).toBeUndefined();
    expect(readStackConfig('production', source({ ...MINIMAL, alarmTopicArn: TOPIC })).settings.alarmTopicArn).toBe(TOPIC);
  });

  it('takes a domain of its own for the channels only with its certificate, which must be ACM in us-east-1', () => {
    const certificate = 'arn:aws:acm:us-east-1:123456789012:certificate/0d7e4c1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f';
    expect(readStackConfig('staging', source({ ...MINIMAL, channelsDomain: 'ws.example.com', channelsCertificateArn: certificate })).settings).toMatchObject({ channelsDomain: 'ws.example.com', channelsCertificateArn: certificate });
    expect(() => readStackConfig('staging', source({ ...MINIMAL, channelsDomain: 'ws.example.com' }))).toThrow(/pushgate:channelsDomain and pushgate:channelsCertificateArn go together/);
    expect(() => readStackConfig('staging', source({ ...MINIMAL, channelsDomain: 'ws.example.com', channelsCertificateArn: certificate.replace('us-east-1', 'eu-west-1') }))).toThrow(/not an ACM certificate in us-east-1/);
    expect(() => readStackConfig('staging', source({ ...MINIMAL, channelsDomain: 'https://ws.example.com/', channelsCertificateArn: certificate }))).toThrow(/not a lower-case domain name/);
  });

  it('keeps secrets secret', async () => {
    const config = readStackConfig('staging', source(MINIMAL, { pusherSecret: 's', tokenSigningKeys: 'k', pusherEncryptionMasterKeyBase64: 'm' }));
    expect(await pulumi.isSecret(config.secrets.pusherSecret!)).toBe(true);
    expect(await pulumi.isSecret(config.secrets.tokenSigningKeys!)).toBe(true);
    expect(await pulumi.isSecret(config.secrets.pusherEncryptionMasterKeyBase64!)).toBe(true);
  });

  it('names every missing or malformed key at once', () => {
    const broken = { pusherKey: 'key', logRetentionDays: '8', lambdaMemoryMb: 'lots', websocketAuthMode: 'magic', corsOrigins: 'https://ok.example, javascript:alert(1)', protectData: 'maybe', accessTokenTtlSeconds: '7200', maxAccessTokenTtlSeconds: '3600' };
    let message = '';
    try {
      readStackConfig('staging', source(broken, {}));
    } catch (error) {
      expect(error).toBeInstanceOf(StackConfigError);
      message = (error as Error).message;
    }
    for (const key of ['pusherAppId', 'pusherSecret', 'tokenSigningKeys', 'logRetentionDays', 'lambdaMemoryMb', 'websocketAuthMode', 'corsOrigins', 'protectData', 'accessTokenTtlSeconds']) {
      expect(message).toContain(`pushgate:${key}`);
    }
    expect(message).toContain('pulumi config set --secret pushgate:pusherSecret');
  });

  it('refuses a stack name that would make a function name Lambda rejects: over 64 characters, or with a "."', () => {
    const longest = 64 - 'pushgate--queue-notify-connection'.length;
    expect(() => readStackConfig('s'.repeat(longest), source(MINIMAL))).not.toThrow();
    expect(() => readStackConfig('s'.repeat(longest + 1), source(MINIMAL))).toThrow(/pushgate-s+-queue-notify-connection 65 characters long; Lambda allows 64/);
    expect(() => readStackConfig('dev.eu', source(MINIMAL))).toThrow(/no "\."/);
  });

  it("refuses a burst limit above the account's 5,000 requests", () => {
    expect(readStackConfig('staging', source({ ...MINIMAL, throttleBurstLimit: '5000' })).throttling.burstLimit).toBe(5000);
    expect(() => readStackConfig('staging', source({ ...MINIMAL, throttleBurstLimit: '5001' }))).toThrow('pushgate:throttleBurstLimit must be a whole number from 1 to 5000');
  });

  it("leaves API Gateway's account-wide logging role alone unless the stack is told to manage it", () => {
    expect(readStackConfig('staging', source(MINIMAL)).settings.manageApiGatewayLoggingRole).toBe(false);
    expect(readStackConfig('production', source({ ...MINIMAL, alarmTopicArn: TOPIC })).settings.manageApiGatewayLoggingRole).toBe(false);
    expect(readStackConfig('staging', source({ ...MINIMAL, manageApiGatewayLoggingRole: 'true' })).settings.manageApiGatewayLoggingRole).toBe(true);
  });
});
