import Pusher from 'pusher';
import { describe, expect, it } from 'vitest';
import {
  connectionRefusal,
  channelSignatureMatches,
  channelStringToSign,
  decodePresenceChannelData,
  decodeUserData,
  encodePresenceChannelData,
  encodeUserData,
  WATCHLIST_LIMIT,
  eventDataBytes,
  httpApiStringToSign,
  PRESENCE_LIMITS,
  PUBLISH_LIMITS,
  signChannel,
  signUser,
  userEventRefusal,
  userSignatureMatches,
  userStringToSign,
} from './pusher-protocol.ts';

const credentials = { appId: '1', key: 'foo', secret: 'bar' };
// The `pusher` package signs the same strings; it is the oracle for every format here.
const oracle = new Pusher({ appId: credentials.appId, key: credentials.key, secret: credentials.secret, cluster: 'mt1' });

describe('strings to sign', () => {
  it('are the ones Pusher documents', () => {
    expect(channelStringToSign('1234.1234', 'private-foobar')).toBe('1234.1234:private-foobar');
    expect(channelStringToSign('345.43245', 'presence-channel', '{"user_id":"fred"}')).toBe('345.43245:presence-channel:{"user_id":"fred"}');
    expect(userStringToSign('1234.1234', '{"id":"12345"}')).toBe('1234.1234::user::{"id":"12345"}');
    expect(httpApiStringToSign('POST', '/apps/1/events', 'auth_key=k&auth_timestamp=1')).toBe('POST\n/apps/1/events\nauth_key=k&auth_timestamp=1');
  });

  it('sign private and presence subscriptions and sign-ins exactly as the pusher package does', () => {
    const member = encodePresenceChannelData({ userId: 'fred', userInfo: { key: 'value' } });
    if (!member.ok) throw new Error(member.error);
    expect({ auth: signChannel(credentials, '345.43245', 'private-chat') }).toEqual(oracle.authorizeChannel('345.43245', 'private-chat'));
    expect({ auth: signChannel(credentials, '345.43245', 'presence-channel', member.value), channel_data: member.value }).toEqual(
      oracle.authorizeChannel('345.43245', 'presence-channel', { user_id: 'fred', user_info: { key: 'value' } }),
    );
    const userData = encodeUserData({ id: '123', userInfo: { name: 'John' } });
    expect({ auth: signUser(credentials, '12345.6789', userData), user_data: userData }).toEqual(oracle.authenticateUser('12345.6789', { id: '123', user_info: { name: 'John' } }));
  });

  it('match only the exact signature, and only a string', () => {
    const auth = signChannel(credentials, '1.2', 'presence-x', '{"user_id":"a"}');
    expect(channelSignatureMatches(credentials, auth, '1.2', 'presence-x', '{"user_id":"a"}')).toBe(true);
    expect(channelSignatureMatches(credentials, auth, '1.2', 'presence-x', '{"user_id":"b"}')).toBe(false);
    expect(channelSignatureMatches(credentials, auth, '1.3', 'presence-x', '{"user_id":"a"}')).toBe(false);
    expect(channelSignatureMatches(credentials, auth, '1.2', 'presence-x')).toBe(false);
    expect(channelSignatureMatches(credentials, undefined, '1.2', 'presence-x', '{"user_id":"a"}')).toBe(false);
    const userAuth = signUser(credentials, '1.2', '{"id":"a"}');
    expect(userSignatureMatches(credentials, userAuth, '1.2', '{"id":"a"}')).toBe(true);
    expect(userSignatureMatches(credentials, userAuth, '1.2', '{"id":"b"}')).toBe(false);
    expect(userSignatureMatches(credentials, 7, '1.2', '{"id":"a"}')).toBe(false);
  });
});

describe('presence channel_data', () => {
  it('round-trips a member, with and without user_info', () => {
    for (const member of [{ userId: 'alice' }, { userId: 'alice', userInfo: { name: 'Alice' } }]) {
      const encoded = encodePresenceChannelData(member);
      expect(encoded.ok && decodePresenceChannelData(encoded.value)).toEqual({ ok: true, value: member });
    }
    expect(encodePresenceChannelData({ userId: 'alice' })).toEqual({ ok: true, value: '{"user_id":"alice"}' });
  });

  it.each([
    ['an empty user id', { userId: '' }],
    ['a user id over the limit', { userId: 'u'.repeat(PRESENCE_LIMITS.userIdLength + 1) }],
    ['user_info over the limit', { userId: 'alice', userInfo: { blob: 'x'.repeat(PRESENCE_LIMITS.userInfoBytes) } }],
  ])('refuses to encode %s', (_, member) => {
    expect(encodePresenceChannelData(member).ok).toBe(false);
  });

  it('accepts a user id and user_info exactly at the limits', () => {
    const userInfo = { b: 'x'.repeat(PRESENCE_LIMITS.userInfoBytes - '{"b":""}'.length) };
    expect(encodePresenceChannelData({ userId: 'u'.repeat(PRESENCE_LIMITS.userIdLength), userInfo }).ok).toBe(true);
  });

  it.each([['not json'], ['[]'], ['{"user_id":7}'], ['{"user_id":""}'], [`{"user_id":"a","user_info":"${'x'.repeat(PRESENCE_LIMITS.userInfoBytes)}"}`]])('refuses to decode %s', (text) => {
    expect(decodePresenceChannelData(text).ok).toBe(false);
  });
});

describe('sign-in user_data', () => {
  it('round-trips a user', () => {
    expect(decodeUserData(encodeUserData({ id: '7', userInfo: { a: 1 } }))).toEqual({ ok: true, value: { id: '7', userInfo: { a: 1 } } });
    expect(encodeUserData({ id: '7' })).toBe('{"id":"7"}');
  });

  it('reads a watchlist, each user once', () => {
    expect(decodeUserData('{"id":"7","watchlist":["8","9","8"]}')).toEqual({ ok: true, value: { id: '7', watchlist: ['8', '9'] } });
    expect(decodeUserData(encodeUserData({ id: '7', watchlist: ['8'] }))).toEqual({ ok: true, value: { id: '7', watchlist: ['8'] } });
    const full = Array.from({ length: WATCHLIST_LIMIT }, (_, index) => `u${index}`);
    expect(decodeUserData(JSON.stringify({ id: '7', watchlist: full })).ok).toBe(true);
  });

  it.each([
    ['{'],
    ['{"id":7}'],
    ['{"name":"x"}'],
    [`{"id":"${'u'.repeat(PRESENCE_LIMITS.userIdLength + 1)}"}`],
    ['{"id":"7","watchlist":"8"}'],
    ['{"id":"7","watchlist":[8]}'],
    ['{"id":"7","watchlist":[""]}'],
    [JSON.stringify({ id: '7', watchlist: Array.from({ length: WATCHLIST_LIMIT + 1 }, (_, index) => `u${index}`) })],
  ])('refuses %s', (text) => {
    expect(decodeUserData(text).ok).toBe(false);
  });

  it('says what is wrong with a watchlist', () => {
    expect(decodeUserData('{"id":"7","watchlist":{}}')).toEqual({ ok: false, error: `user_data.watchlist must be an array of at most ${WATCHLIST_LIMIT} user ids (strings of 1 to ${PRESENCE_LIMITS.userIdLength} characters)` });
  });
});

describe('userEventRefusal', () => {
  it('lets through what Pusher takes', () => {
    expect(userEventRefusal('alice', { hi: 1 })).toBeUndefined();
    expect(userEventRefusal('a-b_c=d@e,f.g;h', 'x'.repeat(PUBLISH_LIMITS.dataBytes))).toBeUndefined();
  });

  it.each([
    ['a space in the user id', 'alice smith', 'hi'],
    ['a colon in the user id', 'a:b', 'hi'],
    ['string data over 10 KB', 'alice', 'x'.repeat(PUBLISH_LIMITS.dataBytes + 1)],
    ['JSON data over 10 KB', 'alice', { blob: 'x'.repeat(PUBLISH_LIMITS.dataBytes) }],
  ])('refuses %s', (_, userId, data) => {
    expect(userEventRefusal(userId, data)).toEqual(expect.any(String));
  });

  it('weighs data as the pusher package sends it: strings as they are, anything else as JSON, in UTF-8 bytes', () => {
    expect(eventDataBytes('abc')).toBe(3);
    expect(eventDataBytes({ a: 'é' })).toBe('{"a":"é"}'.length + 1);
    expect(eventDataBytes(undefined)).toBe(4);
  });
});

describe('connectionRefusal', () => {
  it('accepts the app key with protocol 5 to 7, or none named', () => {
    for (const protocol of ['5', '6', '7', undefined]) expect(connectionRefusal('key', { key: 'key', protocol })).toBeUndefined();
  });

  it('refuses another key with 4001 and another protocol with 4007, naming what it got, cut short', () => {
    expect(connectionRefusal('key', { key: 'other', protocol: '7' })).toEqual({ code: 4001, message: 'App key other does not exist' });
    expect(connectionRefusal('key', { key: undefined, protocol: '7' })?.code).toBe(4001);
    expect(connectionRefusal('key', { key: 'x'.repeat(500), protocol: '7' })?.message.length).toBeLessThan(100);
    for (const protocol of ['4', '8', '07', '7.0', '', 'seven']) expect(connectionRefusal('key', { key: 'key', protocol })?.code, protocol).toBe(4007);
  });
});
