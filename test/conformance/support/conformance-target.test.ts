import { describe, expect, it } from 'vitest';
import { conformanceSettings, hostAndPort, LOCAL_MODE_FEATURES, OPTIONAL_FEATURES } from './conformance-target.ts';

const remote = { PUSHGATE_CONFORMANCE_URL: 'wss://ws.example.test', PUSHGATE_CONFORMANCE_APP_ID: '1', PUSHGATE_CONFORMANCE_KEY: 'k', PUSHGATE_CONFORMANCE_SECRET: 's' };

describe('the conformance target, read from the PUSHGATE_CONFORMANCE_* variables', () => {
  it('is local mode when PUSHGATE_CONFORMANCE_URL is unset, held to every feature pushgate implements', () => {
    expect(conformanceSettings({})).toEqual({ kind: 'local-mode', features: LOCAL_MODE_FEATURES, storage: 'memory' });
    expect(LOCAL_MODE_FEATURES).toEqual(Object.keys(OPTIONAL_FEATURES));
    expect(conformanceSettings({ PUSHGATE_CONFORMANCE_LOCAL_STORAGE: 'dynamodb', PUSHGATE_CONFORMANCE_FEATURES: 'all' })).toEqual({ kind: 'local-mode', features: Object.keys(OPTIONAL_FEATURES), storage: 'dynamodb' });
  });

  it('is the server at the URL, with the HTTP API on the same host unless told, and no optional feature unless named', () => {
    expect(conformanceSettings(remote)).toEqual({
      kind: 'url',
      target: { description: 'wss://ws.example.test (HTTP API https://ws.example.test)', socketUrl: 'wss://ws.example.test', httpUrl: 'https://ws.example.test', appId: '1', key: 'k', secret: 's', features: [] },
    });
    const hosted = conformanceSettings({ ...remote, PUSHGATE_CONFORMANCE_URL: 'wss://ws-eu.pusher.com/', PUSHGATE_CONFORMANCE_HTTP_URL: 'https://api-eu.pusher.com', PUSHGATE_CONFORMANCE_FEATURES: 'cache, webhooks', PUSHGATE_CONFORMANCE_WEBHOOK_PORT: '8090' });
    expect(hosted).toMatchObject({ target: { socketUrl: 'wss://ws-eu.pusher.com', httpUrl: 'https://api-eu.pusher.com', features: ['cache', 'webhooks'], webhookListener: { host: '0.0.0.0', port: 8090 } } });
  });

  it.each([
    [{ ...remote, PUSHGATE_CONFORMANCE_SECRET: '' }, /PUSHGATE_CONFORMANCE_SECRET is required/],
    [{ ...remote, PUSHGATE_CONFORMANCE_URL: 'https://ws.example.test' }, /PUSHGATE_CONFORMANCE_URL starts with ws:\/\/ or wss:\/\//],
    [{ ...remote, PUSHGATE_CONFORMANCE_URL: 'wss://ws.example.test/app/k' }, /no path/],
    [{ ...remote, PUSHGATE_CONFORMANCE_FEATURES: 'cache,teleport' }, /names teleport; the features are encrypted, /],
    [{ ...remote, PUSHGATE_CONFORMANCE_FEATURES: 'webhooks' }, /needs PUSHGATE_CONFORMANCE_WEBHOOK_PORT/],
    [{ ...remote, PUSHGATE_CONFORMANCE_WEBHOOK_PORT: 'eighty' }, /is a port number/],
    [{ PUSHGATE_CONFORMANCE_LOCAL_STORAGE: 'disk' }, /memory or dynamodb/],
  ])('refuses %o, saying what is wrong', (env, message) => {
    expect(() => conformanceSettings(env)).toThrow(message);
  });

  it('gives the clients host, port and TLS, with the scheme default port', () => {
    expect(hostAndPort('wss://ws.example.test')).toEqual({ host: 'ws.example.test', port: 443, tls: true });
    expect(hostAndPort('http://127.0.0.1:4000')).toEqual({ host: '127.0.0.1', port: 4000, tls: false });
  });
});
