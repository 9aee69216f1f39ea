import fc from 'fast-check';
import Pusher from 'pusher';
import { describe, expect, it } from 'vitest';
import { makeTestDomain, TEST_CREDENTIALS } from '../../test/support/test-domain.ts';
import { AuthenticateUser } from './authenticate-user.use-case.ts';
import { AuthorizeChannel } from './authorize-channel.use-case.ts';

const oracle = new Pusher({
  appId: TEST_CREDENTIALS.appId,
  key: TEST_CREDENTIALS.key,
  secret: TEST_CREDENTIALS.secret,
  cluster: 'mt1',
  encryptionMasterKeyBase64: Buffer.from(TEST_CREDENTIALS.encryptionMasterKey!).toString('base64'),
});

function setup() {
  const domain = makeTestDomain();
  return {
    ...domain,
    authorizeChannel: new AuthorizeChannel(domain.verifyAccessToken, TEST_CREDENTIALS),
    authenticateUser: new AuthenticateUser(domain.verifyAccessToken, TEST_CREDENTIALS),
  };
}

describe('AuthorizeChannel', () => {
  it('signs a private channel the token grants, exactly as the pusher package does', async () => {
    const { authorizeChannel, accessTokenFor } = setup();
    const accessToken = await accessTokenFor('alice', { channels: ['private-chat-*'] });
    const result = await authorizeChannel.execute({ accessToken, socketId: '123.456', channelName: 'private-chat-room1' });
    expect(result).toEqual({ ok: true, value: oracle.authorizeChannel('123.456', 'private-chat-room1') });
  });

  it('takes presence data from the token, never from the request', async () => {
    const { authorizeChannel, accessTokenFor } = setup();
    const accessToken = await accessTokenFor('alice', { channels: ['presence-lobby'], userInfo: { name: 'Alice' } });
    const result = await authorizeChannel.execute({ accessToken, socketId: '1.2', channelName: 'presence-lobby' });
    expect(result).toEqual({ ok: true, value: oracle.authorizeChannel('1.2', 'presence-lobby', { user_id: 'alice', user_info: { name: 'Alice' } }) });
    expect(result.ok && 'channel_data' in result.value && JSON.parse(result.value.channel_data)).toEqual({ user_id: 'alice', user_info: { name: 'Alice' } });
  });

  it('gives encrypted channels their shared secret', async () => {
    const { authorizeChannel, accessTokenFor } = setup();
    const accessToken = await accessTokenFor('alice');
    const result = await authorizeChannel.execute({ accessToken, socketId: '1.2', channelName: 'private-encrypted-user-alice' });
    expect(result).toEqual({ ok: true, value: oracle.authorizeChannel('1.2', 'private-encrypted-user-alice') });
    expect(result.ok && 'shared_secret' in result.value).toBe(true);
  });

  it('refuses encrypted channels when no master key is configured', async () => {
    const domain = makeTestDomain();
    const { encryptionMasterKey: _unused, ...withoutKey } = TEST_CREDENTIALS;
    const authorize = new AuthorizeChannel(domain.verifyAccessToken, withoutKey);
    const result = await authorize.execute({ accessToken: await domain.accessTokenFor('alice'), socketId: '1.2', channelName: 'private-encrypted-user-alice' });
    expect(result.ok || result.error.kind).toBe('EncryptionNotConfigured');
  });

  it.each([
    ['private-user-alice', true],
    ['presence-user-alice', true],
    ['private-encrypted-user-alice', true],
    ['private-user-bob', false],
    ['presence-user-bob', false],
    ['private-encrypted-user-alice2', false],
    ['private-chat-1', false],
  ])('with no patterns, alice may join %s: %s', async (channelName, allowed) => {
    const { authorizeChannel, accessTokenFor } = setup();
    const result = await authorizeChannel.execute({ accessToken: await accessTokenFor('alice'), socketId: '1.2', channelName });
    expect(result.ok ? 'allowed' : result.error.kind).toBe(allowed ? 'allowed' : 'Forbidden');
  });

  it('never lets a broad pattern grant another user\'s personal channel', async () => {
    const { authorizeChannel, accessTokenFor } = setup();
    const accessToken = await accessTokenFor('alice', { channels: ['*'] });
    const result = await authorizeChannel.execute({ accessToken, socketId: '1.2', channelName: 'private-user-bob' });
    expect(result.ok || result.error.kind).toBe('Forbidden');
    const other = await authorizeChannel.execute({ accessToken, socketId: '1.2', channelName: 'presence-anything' });
    expect(other.ok).toBe(true);
  });

  it.each([
    [{ socketId: '1.2:evil', channelName: 'private-user-alice' }, 'InvalidSocketId'],
    [{ socketId: '1.2\n', channelName: 'private-user-alice' }, 'InvalidSocketId'],
    [{ socketId: undefined, channelName: 'private-user-alice' }, 'InvalidSocketId'],
    [{ socketId: '1.2', channelName: 'private-bad name' }, 'InvalidChannelName'],
    [{ socketId: '1.2', channelName: `private-${'a'.repeat(157)}` }, 'InvalidChannelName'],
    [{ socketId: '1.2', channelName: ['private-user-alice'] }, 'InvalidChannelName'],
    [{ socketId: '1.2', channelName: 'public-news' }, 'ChannelNeedsNoAuthorization'],
    [{ socketId: '1.2', channelName: '#server-to-user-alice' }, 'ChannelNeedsNoAuthorization'],
  ])('refuses %j with %s', async (request, kind) => {
    const { authorizeChannel, accessTokenFor } = setup();
    const result = await authorizeChannel.execute({ accessToken: await accessTokenFor('alice', { channels: ['*'] }), ...request });
    expect(result.ok || result.error.kind).toBe(kind);
  });

  it('accepts a channel name of exactly 164 characters', async () => {
    const { authorizeChannel, accessTokenFor } = setup();
    const channelName = `private-${'a'.repeat(156)}`;
    expect(channelName).toHaveLength(164);
    const result = await authorizeChannel.execute({ accessToken: await accessTokenFor('alice', { channels: ['private-*'] }), socketId: '1.2', channelName });
    expect(result.ok).toBe(true);
  });

  it('refuses a missing, forged or expired token as InvalidToken', async () => {
    const { authorizeChannel, accessTokenFor, clock } = setup();
    const request = { socketId: '1.2', channelName: 'private-user-alice' };
    expect((await authorizeChannel.execute({ ...request, accessToken: undefined })).ok).toBe(false);
    const token = await accessTokenFor('alice', {}, 60);
    const forged = `${token.slice(0, -4)}AAAA`;
    const forgedResult = await authorizeChannel.execute({ ...request, accessToken: forged });
    expect(forgedResult.ok || forgedResult.error.kind).toBe('InvalidToken');
    clock.advance(120_000);
    const expired = await authorizeChannel.execute({ ...request, accessToken: token });
    expect(expired.ok || expired.error).toEqual({ kind: 'InvalidToken', message: 'the access token has expired' });
  });
});

describe('AuthenticateUser', () => {
  it('signs user sign-in with the token subject as id', async () => {
    const { authenticateUser, accessTokenFor } = setup();
    const result = await authenticateUser.execute({ accessToken: await accessTokenFor('alice', { userInfo: { name: 'A' } }), socketId: '1.2' });
    expect(result).toEqual({ ok: true, value: oracle.authenticateUser('1.2', { id: 'alice', user_info: { name: 'A' } }) });
  });
});

// Differential: for random valid inputs, the domain signs exactly what the pusher package signs.
const socketIds = fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}.${b}`);
const channelCharacters = fc.constantFrom(...'abcXYZ019_-=@,.;'.split(''));
const channelSuffixes = fc.array(channelCharacters, { minLength: 1, maxLength: 60 }).map((chars) => chars.join(''));
const userIds = fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme' });
const userInfos = fc.option(fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean()), { maxKeys: 5 }), { nil: undefined });

describe('AuthorizeChannel and AuthenticateUser against the pusher package', () => {
  it('agree on private, presence and encrypted channels and on sign-in', async () => {
    const { authorizeChannel, authenticateUser, accessTokenFor } = setup();
    await fc.assert(
      fc.asyncProperty(socketIds, channelSuffixes, userIds, userInfos, fc.constantFrom('private-', 'presence-', 'private-encrypted-'), async (socketId, suffix, userId, userInfo, prefix) => {
        const channelName = `${prefix}${suffix}`;
        const accessToken = await accessTokenFor(userId, { channels: [channelName], ...(userInfo === undefined ? {} : { userInfo }) });
        const presenceData = userInfo === undefined ? { user_id: userId } : { user_id: userId, user_info: userInfo };
        const expected = prefix === 'presence-' ? oracle.authorizeChannel(socketId, channelName, presenceData) : oracle.authorizeChannel(socketId, channelName);
        expect(await authorizeChannel.execute({ accessToken, socketId, channelName })).toEqual({ ok: true, value: expected });
        const userData = userInfo === undefined ? { id: userId } : { id: userId, user_info: userInfo };
        expect(await authenticateUser.execute({ accessToken, socketId })).toEqual({ ok: true, value: oracle.authenticateUser(socketId, userData) });
      }),
      { numRuns: 300 },
    );
  });
});
