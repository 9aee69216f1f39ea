import { describe, expect, it } from 'vitest';
import { makeTestDomain } from '../../test/support/test-domain.ts';
import { AuthorizeConnection } from './authorize-connection.use-case.ts';
import { CONNECTION_TTL_MS } from './connection.ts';
import { RegisterConnection } from './register-connection.use-case.ts';
import { UnregisterConnection } from './unregister-connection.use-case.ts';

function setup() {
  const domain = makeTestDomain();
  return {
    ...domain,
    register: new RegisterConnection(domain.registry, domain.clock),
    unregister: new UnregisterConnection(domain.registry),
    authorize: new AuthorizeConnection(domain.registry, domain.verifyAccessToken, domain.clock),
  };
}

describe('RegisterConnection and UnregisterConnection', () => {
  it('records the connection with a TTL beyond API Gateway\'s two hours, then forgets it', async () => {
    const { register, unregister, registry, clock } = setup();
    const result = await register.execute({ connectionId: 'f97yeeMZDoECGqg=', userId: 'alice' });
    expect(result).toEqual({ ok: true, value: { connectionId: 'f97yeeMZDoECGqg=', userId: 'alice', connectedAt: clock.now(), expiresAt: clock.now() + CONNECTION_TTL_MS } });
    expect(CONNECTION_TTL_MS).toBeGreaterThan(2 * 3_600_000);
    expect(await registry.find('f97yeeMZDoECGqg=', clock.now())).toBeDefined();
    expect(await unregister.execute({ connectionId: 'f97yeeMZDoECGqg=' })).toEqual({ ok: true, value: undefined });
    expect(await registry.find('f97yeeMZDoECGqg=', clock.now())).toBeUndefined();
  });

  it.each([[undefined], [''], [42], ['x'.repeat(129)]])('refuses connection id %j', async (connectionId) => {
    const { register, unregister } = setup();
    expect((await register.execute({ connectionId })).ok).toBe(false);
    expect((await unregister.execute({ connectionId })).ok).toBe(false);
  });
});

describe('AuthorizeConnection', () => {
  it('binds an anonymous connection to the token\'s user', async () => {
    const { register, authorize, registry, accessTokenFor, clock } = setup();
    await register.execute({ connectionId: 'conn-1' });
    expect(await authorize.execute({ connectionId: 'conn-1', token: await accessTokenFor('alice') })).toEqual({ ok: true, value: { userId: 'alice' } });
    expect((await registry.find('conn-1', clock.now()))?.userId).toBe('alice');
  });

  it('refuses a bad token and an unknown connection', async () => {
    const { authorize, accessTokenFor } = setup();
    const badToken = await authorize.execute({ connectionId: 'conn-1', token: 'nope' });
    expect(badToken.ok || badToken.error.kind).toBe('InvalidToken');
    const unknown = await authorize.execute({ connectionId: 'conn-404', token: await accessTokenFor('alice') });
    expect(unknown.ok || unknown.error.kind).toBe('UnknownConnection');
  });
});
