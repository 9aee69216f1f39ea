import { describe, expect, it } from 'vitest';
import { makeTestDomain } from '../../test/support/test-domain.ts';
import { hashRefreshToken, IssueToken } from './issue-token.use-case.ts';
import { VerifyAccessToken } from './verify-access-token.use-case.ts';

const CLIENT = { key: 'app-key', secret: 'app-secret' };
const POLICY = { accessTokenTtlSeconds: 900, maxAccessTokenTtlSeconds: 3600, refreshTokenTtlSeconds: 30 * 86_400, refreshFamilyMaxSeconds: 90 * 86_400 };

function setup() {
  const domain = makeTestDomain();
  const issueToken = new IssueToken({ codec: domain.codec, store: domain.refreshTokens, clock: domain.clock, ids: domain.ids, policy: POLICY, trustedClient: CLIENT });
  const verify = new VerifyAccessToken(domain.codec);
  const issueFor = async (userId = 'alice', extra: Record<string, unknown> = {}) => {
    const result = await issueToken.execute({ grantType: 'client_credentials', client: CLIENT, userId, ...extra });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  const refresh = (refreshToken: string) => issueToken.execute({ grantType: 'refresh_token', refreshToken });
  return { ...domain, issueToken, verify, issueFor, refresh };
}

describe('IssueToken with client_credentials', () => {
  it('issues a bearer access token carrying the grant, and a refresh token', async () => {
    const { issueFor, verify } = setup();
    const issued = await issueFor('alice', { channels: 'private-chat-*, presence-lobby', userInfo: '{"name":"Alice"}' });
    expect(issued).toMatchObject({ tokenType: 'bearer', expiresIn: 900, refreshTokenExpiresIn: POLICY.refreshTokenTtlSeconds });
    expect(issued.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await verify.execute(issued.accessToken)).toEqual({ ok: true, value: { userId: 'alice', channels: ['private-chat-*', 'presence-lobby'], userInfo: { name: 'Alice' } } });
  });

  it('takes channels as a list and user_info as an object (JSON bodies)', async () => {
    const { issueFor, verify } = setup();
    const issued = await issueFor('bob', { channels: ['private-a'], userInfo: { team: 'x' }, expiresIn: '60' });
    expect(issued.expiresIn).toBe(60);
    expect(await verify.execute(issued.accessToken)).toEqual({ ok: true, value: { userId: 'bob', channels: ['private-a'], userInfo: { team: 'x' } } });
  });

  it('stores only the hash of the refresh token', async () => {
    const { issueFor, refreshTokens, clock } = setup();
    const saved: unknown[] = [];
    const save = refreshTokens.save.bind(refreshTokens);
    refreshTokens.save = async (record) => {
      saved.push(record);
      return save(record);
    };
    const issued = await issueFor();
    expect(saved).toHaveLength(1);
    expect(JSON.stringify(saved)).not.toContain(issued.refreshToken);
    expect(saved[0]).toMatchObject({ tokenHash: hashRefreshToken(issued.refreshToken) });
    expect((await refreshTokens.consume(hashRefreshToken(issued.refreshToken), clock.now())).kind).toBe('consumed');
  });

  it.each([
    [{ client: undefined }, 'InvalidClient'],
    [{ client: { key: 'app-key', secret: 'wrong' } }, 'InvalidClient'],
    [{ client: { key: 'wrong', secret: 'app-secret' } }, 'InvalidClient'],
    [{ userId: undefined }, 'InvalidRequest'],
    [{ userId: '' }, 'InvalidRequest'],
    [{ userId: 'x'.repeat(129) }, 'InvalidRequest'],
    [{ userId: 42 }, 'InvalidRequest'],
    [{ channels: 'private-bad name' }, 'InvalidRequest'],
    [{ channels: [1] }, 'InvalidRequest'],
    [{ userInfo: '{not json' }, 'InvalidRequest'],
    [{ userInfo: '[1,2]' }, 'InvalidRequest'],
    [{ userInfo: { big: 'x'.repeat(1100) } }, 'InvalidRequest'],
    [{ expiresIn: '0' }, 'InvalidRequest'],
    [{ expiresIn: 3601 }, 'InvalidRequest'],
    [{ expiresIn: '12abc' }, 'InvalidRequest'],
    [{ grantType: 'password' }, 'UnsupportedGrantType'],
    [{ grantType: undefined }, 'InvalidRequest'],
  ])('refuses %j with %s', async (override, kind) => {
    const { issueToken } = setup();
    const result = await issueToken.execute({ grantType: 'client_credentials', client: CLIENT, userId: 'alice', ...override });
    expect(result.ok || result.error.kind).toBe(kind);
  });
});

describe('IssueToken with refresh_token', () => {
  it('rotates: a new access and refresh token with the same grant', async () => {
    const { issueFor, refresh, verify } = setup();
    const first = await issueFor('alice', { channels: 'private-a' });
    const second = await refresh(first.refreshToken);
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.refreshToken).not.toBe(first.refreshToken);
    expect(await verify.execute(second.value.accessToken)).toEqual({ ok: true, value: { userId: 'alice', channels: ['private-a'] } });
    expect((await refresh(second.value.refreshToken)).ok).toBe(true);
  });

  it('revokes the whole family when a spent token comes back', async () => {
    const { issueFor, refresh } = setup();
    const first = await issueFor();
    const second = await refresh(first.refreshToken);
    if (!second.ok) throw new Error('the first refresh failed');
    const replay = await refresh(first.refreshToken);
    expect(replay.ok || replay.error.kind).toBe('InvalidRefreshToken');
    const afterReplay = await refresh(second.value.refreshToken);
    expect(afterReplay.ok || afterReplay.error).toEqual({ kind: 'InvalidRefreshToken', message: 'the refresh token has been revoked' });
  });

  it('lets exactly one of two concurrent refreshes win, and revokes the family (no grace window)', async () => {
    const { issueFor, refresh } = setup();
    const first = await issueFor();
    const [a, b] = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const winner = a.ok ? a.value : b.ok ? b.value : undefined;
    const next = await refresh(winner!.refreshToken);
    expect(next.ok || next.error.kind).toBe('InvalidRefreshToken');
  });

  it('keeps other families alive when one is revoked', async () => {
    const { issueFor, refresh } = setup();
    const mine = await issueFor('alice');
    const theirs = await issueFor('alice');
    await refresh(mine.refreshToken);
    await refresh(mine.refreshToken);
    expect((await refresh(theirs.refreshToken)).ok).toBe(true);
  });

  it('refuses expired, unknown and missing refresh tokens', async () => {
    const { issueFor, refresh, clock } = setup();
    const issued = await issueFor();
    expect((await refresh('not-a-token')).ok || 'refused').toBe('refused');
    const missing = await refresh('');
    expect(missing.ok || missing.error.kind).toBe('InvalidRequest');
    clock.advance(POLICY.refreshTokenTtlSeconds * 1000 + 1);
    const expired = await refresh(issued.refreshToken);
    expect(expired.ok || expired.error).toEqual({ kind: 'InvalidRefreshToken', message: 'the refresh token has expired' });
  });

  it('never accepts a refresh token as an access token, nor the reverse', async () => {
    const { issueFor, refresh, verify } = setup();
    const issued = await issueFor();
    expect((await verify.execute(issued.refreshToken)).ok).toBe(false);
    const reversed = await refresh(issued.accessToken);
    expect(reversed.ok || reversed.error.kind).toBe('InvalidRefreshToken');
  });

  it('ends a family at its absolute lifetime, however often it is refreshed', async () => {
    const { issueFor, refresh, clock } = setup();
    let current = (await issueFor()).refreshToken;
    const day = 86_400_000;
    for (let refreshed = 1; refreshed <= 4; refreshed += 1) {
      clock.advance(20 * day);
      const next = await refresh(current);
      if (!next.ok) throw new Error(`refresh ${refreshed} on day ${refreshed * 20} failed: ${next.error.message}`);
      // On day 80, the new token gets the 10 days left, not a fresh 30.
      expect(next.value.refreshTokenExpiresIn).toBe(refreshed === 4 ? 10 * 86_400 : POLICY.refreshTokenTtlSeconds);
      current = next.value.refreshToken;
    }
    clock.advance(10 * day);
    const beyond = await refresh(current);
    expect(beyond.ok || beyond.error.kind).toBe('InvalidRefreshToken');
    expect((await issueFor()).refreshTokenExpiresIn).toBe(POLICY.refreshTokenTtlSeconds);
  });

  it('refuses a token saved before families had a lifetime once that lifetime is behind it', async () => {
    const { issueToken, refreshTokens, clock } = setup();
    await refreshTokens.save({ tokenHash: hashRefreshToken('legacy-token'), familyId: 'legacy', familyIssuedAt: clock.now() - POLICY.refreshFamilyMaxSeconds * 1000, userId: 'alice', channels: [], expiresAt: clock.now() + 86_400_000 });
    const result = await issueToken.execute({ grantType: 'refresh_token', refreshToken: 'legacy-token' });
    expect(result.ok || result.error.message).toBe('the sign-in has reached its maximum lifetime; sign in again');
  });

  it('needs no client credentials (browsers refresh for themselves)', async () => {
    const { issueFor, issueToken } = setup();
    const issued = await issueFor();
    expect((await issueToken.execute({ grantType: 'refresh_token', refreshToken: issued.refreshToken, client: undefined })).ok).toBe(true);
  });
});
