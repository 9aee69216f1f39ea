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

describe('readStackConfig', () => {
  it('fills production-grade defaults by stack', () => {
    expect(readStackConfig('production', source(MINIMAL)).settings).toMatchObject({ protectData: true, alarms: true, websocketAuthMode: 'connect', tokenIssuer: 'pushgate-production' });
    expect(readStackConfig('staging', source(MINIMAL)).settings).toMatchObject({ protectData: false, alarms: false });
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
});
