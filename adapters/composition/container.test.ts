import type { ServiceIdentifier } from 'inversify';
import { describe, expect, it } from 'vitest';
import { TEST_ENVIRONMENT } from '../../test/support/test-environment.ts';
import { createInMemoryContainer } from './in-memory-container.ts';
import { parseRuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';
import { InMemoryConnectionNotifier } from '../driven/in-memory/in-memory-connection-notifier.ts';

describe('the in-memory container', () => {
  it.each(Object.entries(SERVICE_IDS) as [string, ServiceIdentifier<unknown>][])('resolves %s', (_name, token) => {
    const container = createInMemoryContainer(parseRuntimeConfig(TEST_ENVIRONMENT));
    expect(container.get(token)).toBeDefined();
  });

  it('builds the connection use cases without any secret (least privilege)', () => {
    const { PUSHER_SECRET: _secret, TOKEN_SIGNING_KEYS: _keys, ...withoutSecrets } = TEST_ENVIRONMENT;
    const container = createInMemoryContainer(parseRuntimeConfig(withoutSecrets));
    expect(container.get(SERVICE_IDS.RegisterConnection)).toBeDefined();
    expect(container.get(SERVICE_IDS.DeliverToConnection)).toBeDefined();
    expect(() => container.get(SERVICE_IDS.IssueToken)).toThrow(/TOKEN_SIGNING_KEYS|PUSHER_SECRET/);
  });

  it('routes messages in connect mode without the signing key, and needs it in action mode (ws-message holds no key it never uses)', async () => {
    const { TOKEN_SIGNING_KEYS: _keys, ...withoutSigningKeys } = TEST_ENVIRONMENT;
    const notifier = new InMemoryConnectionNotifier();
    const connectMode = createInMemoryContainer(parseRuntimeConfig(withoutSigningKeys), { notifier });
    await connectMode.get(SERVICE_IDS.RegisterConnection).execute({ connectionId: 'conn-1', userId: 'alice' });
    notifier.open('conn-1');
    await connectMode.get(SERVICE_IDS.RouteMessage).execute({ connectionId: 'conn-1', body: '{"action":"ping"}' });
    expect(notifier.received('conn-1')).toEqual(['{"type":"pong"}']);
    const actionMode = createInMemoryContainer(parseRuntimeConfig({ ...withoutSigningKeys, WEBSOCKET_AUTH_MODE: 'action' }));
    expect(() => actionMode.get(SERVICE_IDS.RouteMessage)).toThrow('TOKEN_SIGNING_KEYS is required by this function');
  });

  it('builds each use case once and shares adapters between them', () => {
    const container = createInMemoryContainer(parseRuntimeConfig(TEST_ENVIRONMENT));
    expect(container.get(SERVICE_IDS.FanOutToUser)).toBe(container.get(SERVICE_IDS.FanOutToUser));
    expect(container.get(SERVICE_IDS.ConnectionRegistry)).toBe(container.get(SERVICE_IDS.ConnectionRegistry));
  });

  it('wires a whole flow: issue a token, connect, route a ping, fan out', async () => {
    const notifier = new InMemoryConnectionNotifier();
    const container = createInMemoryContainer(parseRuntimeConfig({ ...TEST_ENVIRONMENT, PUSHER_BRIDGE: 'on' }), { notifier });
    const issued = await container.get(SERVICE_IDS.IssueToken).execute({ grantType: 'client_credentials', client: { key: 'test-key', secret: 'test-secret' }, userId: 'alice' });
    if (!issued.ok) throw new Error(issued.error.message);
    const principal = await container.get(SERVICE_IDS.VerifyAccessToken).execute(issued.value.accessToken);
    expect(principal).toMatchObject({ ok: true, value: { userId: 'alice' } });
    await container.get(SERVICE_IDS.RegisterConnection).execute({ connectionId: 'conn-1', userId: 'alice' });
    notifier.open('conn-1');
    await container.get(SERVICE_IDS.RouteMessage).execute({ connectionId: 'conn-1', body: '{"action":"ping"}' });
    const report = await container.get(SERVICE_IDS.FanOutToUser).execute({ userId: 'alice', data: 'hi' });
    expect(report).toEqual({ connections: 1, delivered: 1, gone: 0, queued: 0, publishedToPusher: true });
    expect(notifier.received('conn-1')).toEqual(['{"type":"pong"}', 'hi']);
  });
});
