import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_EVENTS_PER_SECOND } from '../../domain/channels/pusher-protocol.ts';
import { TEST_ENVIRONMENT } from '../../test/support/test-environment.ts';
import { ConfigurationError, parseRuntimeConfig } from './runtime-config.ts';

describe('parseRuntimeConfig', () => {
  it('reads a complete environment and fills the defaults', () => {
    const config = parseRuntimeConfig(TEST_ENVIRONMENT);
    expect(config.pusher).toMatchObject({ appId: '1', key: 'test-key', secret: 'test-secret', cluster: 'mt1' });
    expect(config.pusher.encryptionMasterKey).toHaveLength(32);
    expect(config.tokens.signingKeys.map((key) => key.kid)).toEqual(['k1']);
    expect(config.tokens.policy).toEqual({ accessTokenTtlSeconds: 900, maxAccessTokenTtlSeconds: 3600, refreshTokenTtlSeconds: 2_592_000, refreshFamilyMaxSeconds: 7_776_000 });
    expect(config.websocketAuthMode).toBe('connect');
    expect(config.fanOut).toEqual({ directDeliveryLimit: 50, concurrency: 10, registryPageSize: 100 });
    expect(config.pusherBridge.enabled).toBe(false);
    // Off, as on a new Pusher app; and Pusher's own client-event rate.
    expect(config.realtime).toEqual({ subscriptionCountEvents: false, clientEventsPerSecond: DEFAULT_CLIENT_EVENTS_PER_SECOND, activityTimeoutSeconds: 120 });
    expect(parseRuntimeConfig({ ...TEST_ENVIRONMENT, SUBSCRIPTION_COUNT_EVENTS: 'on', CLIENT_EVENTS_PER_SECOND: '25', ACTIVITY_TIMEOUT_SECONDS: '540' }).realtime).toEqual({ subscriptionCountEvents: true, clientEventsPerSecond: 25, activityTimeoutSeconds: 540 });
  });

  it('names every missing or malformed variable in one error', () => {
    const env = { ...TEST_ENVIRONMENT, PUSHER_KEY: '', FAN_OUT_CONCURRENCY: 'lots', WEBSOCKET_AUTH_MODE: 'magic', PUSHER_ENCRYPTION_MASTER_KEY_BASE64: 'c2hvcnQ=', TOKEN_SIGNING_KEYS: 'k1:c2hvcnQ=' };
    expect(() => parseRuntimeConfig(env)).toThrow(ConfigurationError);
    const message = (() => {
      try {
        parseRuntimeConfig(env);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of ['PUSHER_KEY', 'FAN_OUT_CONCURRENCY', 'WEBSOCKET_AUTH_MODE', 'PUSHER_ENCRYPTION_MASTER_KEY_BASE64', 'TOKEN_SIGNING_KEYS']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('c2hvcnQ=');
  });

  it('asks for a secret only when a function uses it, naming the variable', () => {
    const { PUSHER_SECRET: _secret, TOKEN_SIGNING_KEYS: _keys, ...withoutSecrets } = TEST_ENVIRONMENT;
    const config = parseRuntimeConfig(withoutSecrets);
    expect(config.pusher.key).toBe('test-key');
    expect(() => config.pusher.secret).toThrow('PUSHER_SECRET is required by this function');
    expect(() => config.tokens.signingKeys).toThrow('TOKEN_SIGNING_KEYS is required by this function');
  });

  it('accepts several signing keys, the first signing', () => {
    const second = Buffer.alloc(32, 7).toString('base64');
    const config = parseRuntimeConfig({ ...TEST_ENVIRONMENT, TOKEN_SIGNING_KEYS: `${TEST_ENVIRONMENT['TOKEN_SIGNING_KEYS']}, k0:${second}` });
    expect(config.tokens.signingKeys.map((key) => key.kid)).toEqual(['k1', 'k0']);
  });

  it('refuses an access-token lifetime above the maximum', () => {
    expect(() => parseRuntimeConfig({ ...TEST_ENVIRONMENT, ACCESS_TOKEN_TTL_SECONDS: '7200' })).toThrow(/MAX_ACCESS_TOKEN_TTL_SECONDS/);
  });
});
