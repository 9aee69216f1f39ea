import { describe, expect, it } from 'vitest';
import { InMemoryUserSocketsTerminator } from '../../adapters/driven/in-memory/in-memory-user-sockets-terminator.ts';
import { makeTestDomain } from '../../test/support/test-domain.ts';
import { hashRefreshToken, IssueToken } from './issue-token.use-case.ts';
import { RevokeToken } from './revoke-token.use-case.ts';

const CLIENT = { key: 'app-key', secret: 'app-secret' };
const POLICY = { accessTokenTtlSeconds: 900, maxAccessTokenTtlSeconds: 3600, refreshTokenTtlSeconds: 30 * 86_400, refreshFamilyMaxSeconds: 90 * 86_400 };

function setup() {
  const domain = makeTestDomain();
  const userSockets = new InMemoryUserSocketsTerminator();
  const issueToken = new IssueToken({ codec: domain.codec, store: domain.refreshTokens, clock: domain.clock, ids: domain.ids, policy: POLICY, trustedClient: CLIENT });
  const revoke = new RevokeToken({ store: domain.refreshTokens, registry: domain.registry, terminator: domain.notifier, userSockets, clock: domain.clock, trustedClient: CLIENT });
  const signIn = async (userId: string) => {
    const issued = await issueToken.execute({ grantType: 'client_credentials', client: CLIENT, userId });
    if (!issued.ok) throw new Error(issued.error.message);
    return issued.value.refreshToken;
  };
  const refreshes = async (refreshToken: string) => (await issueToken.execute({ grantType: 'refresh_token', refreshToken })).ok;
  const connect = async (connectionId: string, userId: string) => {
    await domain.registry.save({ connectionId, userId, connectedAt: domain.clock.now(), expiresAt: domain.clock.now() + 7_200_000 });
    domain.notifier.open(connectionId);
  };
  return { ...domain, userSockets, revoke, signIn, refreshes, connect };
}

describe('RevokeToken by refresh token', () => {
  it('revokes that sign-in only, with or without client credentials', async () => {
    const { revoke, signIn, refreshes } = setup();
    const [laptop, phone, other] = [await signIn('alice'), await signIn('alice'), await signIn('alice')];
    expect(await revoke.execute({ token: laptop, tokenTypeHint: 'refresh_token' })).toEqual({ ok: true, value: { kind: 'token' } });
    expect(await revoke.execute({ client: CLIENT, token: other })).toEqual({ ok: true, value: { kind: 'token' } });
    expect(await refreshes(laptop)).toBe(false);
    expect(await refreshes(other)).toBe(false);
    expect(await refreshes(phone)).toBe(true);
  });

  it('revokes the family even through a token already rotated away', async () => {
    const { revoke, signIn, refreshTokens, clock } = setup();
    const first = await signIn('alice');
    await revoke.execute({ token: first });
    expect((await refreshTokens.consume(hashRefreshToken(first), clock.now())).kind).toBe('revoked');
  });

  it('answers the same for a token it never issued, per RFC 7009, and closes nothing', async () => {
    const { revoke, connect, notifier } = setup();
    await connect('c1=', 'alice');
    expect(await revoke.execute({ token: 'never-issued' })).toEqual({ ok: true, value: { kind: 'token' } });
    expect(await revoke.execute({ token: 'x'.repeat(10_000) })).toEqual({ ok: true, value: { kind: 'token' } });
    expect(notifier.disconnected).toEqual([]);
  });

  it('says access tokens are not revocable (unsupported_token_type)', async () => {
    const { revoke } = setup();
    const result = await revoke.execute({ token: 'eyJ…', tokenTypeHint: 'access_token' });
    expect(result.ok || result.error.kind).toBe('UnsupportedTokenType');
  });
});

describe('RevokeToken by user id', () => {
  it("revokes every sign-in of the user, closes their connections and Pusher sockets, and touches no one else's", async () => {
    const { revoke, signIn, refreshes, connect, notifier, userSockets, clock } = setup();
    const [laptop, phone, bobs] = [await signIn('alice'), await signIn('alice'), await signIn('bob')];
    await connect('a1=', 'alice');
    await connect('a2=', 'alice');
    await connect('b1=', 'bob');
    expect(await revoke.execute({ client: CLIENT, userId: 'alice' })).toEqual({ ok: true, value: { kind: 'user', connectionsClosed: 2 } });
    expect(await refreshes(laptop)).toBe(false);
    expect(await refreshes(phone)).toBe(false);
    expect(await refreshes(bobs)).toBe(true);
    expect(notifier.disconnected.sort()).toEqual(['a1=', 'a2=']);
    expect(userSockets.terminated).toEqual(['alice']);
    clock.advance(1);
    expect(await refreshes(await signIn('alice'))).toBe(true);
  });

  it('tries every close and the Pusher sockets even when one close fails, then says so', async () => {
    const { revoke, connect, notifier, userSockets, refreshes, signIn } = setup();
    const session = await signIn('alice');
    for (const id of ['a1=', 'a2=', 'a3=']) await connect(id, 'alice');
    const disconnect = notifier.disconnect.bind(notifier);
    notifier.disconnect = async (connectionId) => {
      if (connectionId === 'a2=') throw new Error('Management API unavailable');
      return disconnect(connectionId);
    };
    await expect(revoke.execute({ client: CLIENT, userId: 'alice' })).rejects.toThrow(/revoked, but 1 of 3 connections could not be closed: Error: Management API unavailable/);
    expect(notifier.disconnected.sort()).toEqual(['a1=', 'a3=']);
    expect(userSockets.terminated).toEqual(['alice']);
    expect(await refreshes(session)).toBe(false);
  });

  it('closes every connection of a user with more than one page of them', async () => {
    const { revoke, connect, notifier } = setup();
    for (let index = 0; index < 250; index += 1) await connect(`c${index}=`, 'alice');
    expect(await revoke.execute({ client: CLIENT, userId: 'alice' })).toEqual({ ok: true, value: { kind: 'user', connectionsClosed: 250 } });
    expect(new Set(notifier.disconnected).size).toBe(250);
  });

  it.each([
    [{ userId: 'alice' }, 'InvalidClient'],
    [{ userId: 'alice', client: { key: 'app-key', secret: 'wrong' } }, 'InvalidClient'],
    [{ token: 'anything', client: { key: 'wrong', secret: 'app-secret' } }, 'InvalidClient'],
    [{ client: CLIENT, userId: 'x'.repeat(129) }, 'InvalidRequest'],
    [{ client: CLIENT, userId: 'alice', token: 'both' }, 'InvalidRequest'],
    [{ client: CLIENT }, 'InvalidRequest'],
  ])('refuses %j as %s, revoking nothing', async (input, kind) => {
    const { revoke, signIn, refreshes, connect, notifier } = setup();
    const token = await signIn('alice');
    await connect('a1=', 'alice');
    const result = await revoke.execute(input);
    expect(result.ok || result.error.kind).toBe(kind);
    expect(notifier.disconnected).toEqual([]);
    expect(await refreshes(token)).toBe(true);
  });
});
