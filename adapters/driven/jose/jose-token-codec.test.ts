import { SignJWT, UnsecuredJWT, base64url } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../in-memory/manual-clock.ts';
import { TEST_AUDIENCE, TEST_ISSUER, TEST_SIGNING_KEY } from '../../../test/support/test-domain.ts';
import { JoseTokenCodec } from './jose-token-codec.ts';

function setup() {
  const clock = new ManualClock();
  const codec = new JoseTokenCodec({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, keys: [TEST_SIGNING_KEY], clock });
  const now = clock.now();
  const claims = { userId: 'alice', channels: ['private-chat-*'], userInfo: { name: 'Alice' }, issuedAt: now, expiresAt: now + 600_000 };
  return { clock, codec, claims };
}

/** A correctly signed token whose header or claims a test may bend. */
function signed(overrides: { header?: Record<string, unknown>; payload?: Record<string, unknown>; secret?: Uint8Array } = {}) {
  const now = Math.floor(new ManualClock().now() / 1000);
  return new SignJWT({ channels: [], ...overrides.payload })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: TEST_SIGNING_KEY.kid, ...overrides.header } as { alg: string })
    .setSubject('alice')
    .setIssuer(TEST_ISSUER)
    .setAudience(TEST_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(overrides.secret ?? TEST_SIGNING_KEY.secret);
}

async function rejection(codec: JoseTokenCodec, token: string): Promise<string> {
  const result = await codec.decode(token);
  if (result.ok) throw new Error('the token was accepted');
  return result.error.message;
}

describe('JoseTokenCodec', () => {
  it('round-trips the claims (to the second)', async () => {
    const { codec, claims } = setup();
    expect(await codec.decode(await codec.encode(claims))).toEqual({ ok: true, value: claims });
  });

  it('pins HS256, at+jwt, a kid, iss and aud in what it writes', async () => {
    const { codec, claims } = setup();
    const [header, payload] = (await codec.encode(claims)).split('.').slice(0, 2).map((part) => JSON.parse(new TextDecoder().decode(base64url.decode(part!))));
    expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt', kid: TEST_SIGNING_KEY.kid });
    expect(payload).toMatchObject({ sub: 'alice', iss: TEST_ISSUER, aud: TEST_AUDIENCE, channels: ['private-chat-*'], user_info: { name: 'Alice' } });
  });

  it('accepts a token it did not write as long as every rule holds', async () => {
    const { codec } = setup();
    expect((await codec.decode(await signed())).ok).toBe(true);
  });

  it('refuses an expired token, and one used before it was issued', async () => {
    const { codec, claims, clock } = setup();
    const token = await codec.encode(claims);
    clock.advance(600_000 + 6_000);
    expect(await rejection(codec, token)).toBe('the access token has expired');
    clock.advance(-3_600_000);
    expect(await rejection(codec, token)).toBe('the access token was issued in the future');
  });

  it('refuses alg: none', async () => {
    const { codec } = setup();
    const unsecured = new UnsecuredJWT({ channels: ['*'] }).setSubject('alice').setIssuer(TEST_ISSUER).setAudience(TEST_AUDIENCE).setIssuedAt().setExpirationTime('10m').encode();
    expect((await codec.decode(unsecured)).ok).toBe(false);
  });

  it('refuses other algorithms, including RS256 signed with a real key', async () => {
    const { codec } = setup();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = Math.floor(new ManualClock().now() / 1000);
    const rs256 = await new SignJWT({ channels: [] }).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: TEST_SIGNING_KEY.kid })
      .setSubject('alice').setIssuer(TEST_ISSUER).setAudience(TEST_AUDIENCE).setIssuedAt(now).setExpirationTime(now + 600).sign(privateKey);
    expect(await rejection(codec, rs256)).toBe('the access token uses an algorithm this service does not accept');
    const hs512 = await signed({ header: { alg: 'HS512' } });
    expect(await rejection(codec, hs512)).toBe('the access token uses an algorithm this service does not accept');
  });

  it('refuses a wrong signature, a tampered payload, an unknown kid and a missing kid', async () => {
    const { codec, claims } = setup();
    expect(await rejection(codec, await signed({ secret: Buffer.from('another-secret-that-is-32-bytes-long!!') }))).toBe('the access token signature is not valid');
    const [header, , signature] = (await codec.encode(claims)).split('.');
    const tamperedPayload = base64url.encode(JSON.stringify({ sub: 'mallory', iss: TEST_ISSUER, aud: TEST_AUDIENCE, channels: ['*'], iat: 1, exp: 9_999_999_999 }));
    expect(await rejection(codec, `${header}.${tamperedPayload}.${signature}`)).toBe('the access token signature is not valid');
    expect(await rejection(codec, await signed({ header: { kid: 'unknown' } }))).toBe('the access token names an unknown key');
    expect(await rejection(codec, await signed({ header: { kid: undefined } }))).toBe('the access token names an unknown key');
  });

  it('refuses the wrong issuer, audience or type', async () => {
    const { codec } = setup();
    const otherIssuer = new JoseTokenCodec({ issuer: 'https://elsewhere', audience: TEST_AUDIENCE, keys: [TEST_SIGNING_KEY], clock: new ManualClock() });
    const otherAudience = new JoseTokenCodec({ issuer: TEST_ISSUER, audience: 'elsewhere', keys: [TEST_SIGNING_KEY], clock: new ManualClock() });
    const { claims } = setup();
    expect(await rejection(codec, await otherIssuer.encode(claims))).toMatch(/iss/);
    expect(await rejection(codec, await otherAudience.encode(claims))).toMatch(/aud/);
    expect(await rejection(codec, await signed({ header: { typ: 'JWT' } }))).toMatch(/typ/);
  });

  it('refuses well-signed tokens whose claims are malformed', async () => {
    const { codec } = setup();
    expect(await rejection(codec, await signed({ payload: { channels: 'private-*' } }))).toBe('the access token carries malformed claims');
    expect(await rejection(codec, await signed({ payload: { user_info: [1] } }))).toBe('the access token carries malformed claims');
  });

  it('verifies with every configured key and signs with the first, so keys rotate', async () => {
    const clock = new ManualClock();
    const newKey = { kid: 'test-2', secret: Buffer.from('the-next-signing-key-also-32-bytes-long') };
    const before = new JoseTokenCodec({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, keys: [TEST_SIGNING_KEY], clock });
    const after = new JoseTokenCodec({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, keys: [newKey, TEST_SIGNING_KEY], clock });
    const { claims } = setup();
    expect((await after.decode(await before.encode(claims))).ok).toBe(true);
    expect((await before.decode(await after.encode(claims))).ok).toBe(false);
  });

  it('refuses to start with a short key or none', () => {
    const clock = new ManualClock();
    expect(() => new JoseTokenCodec({ issuer: 'i', audience: 'a', keys: [], clock })).toThrow(/at least one/);
    expect(() => new JoseTokenCodec({ issuer: 'i', audience: 'a', keys: [{ kid: 'k', secret: Buffer.from('short') }], clock })).toThrow(/shorter than 32/);
  });
});
