import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AUTH_SIGNATURE_VECTORS, SHARED_SECRET_READABLE_KEY_VECTOR, SHARED_SECRET_VECTORS } from '../../test/vectors/pusher.ts';
import { encryptedChannelSharedSecret, pusherAuthSignature } from './pusher-signature.ts';

// The published vectors, with their provenance, live in test/vectors/pusher.ts.

describe('pusherAuthSignature', () => {
  it.each(AUTH_SIGNATURE_VECTORS)('key $key signs $stringToSign ($checks)', ({ key, secret, stringToSign, expectedHex }) => {
    expect(pusherAuthSignature({ appId: '1', key, secret }, stringToSign)).toBe(`${key}:${expectedHex}`);
  });
});

describe('encryptedChannelSharedSecret', () => {
  it.each(SHARED_SECRET_VECTORS)('$channel', ({ channel, masterKeyBase64, sharedSecret }) => {
    expect(encryptedChannelSharedSecret(channel, Buffer.from(masterKeyBase64, 'base64'))).toBe(sharedSecret);
  });

  it('hashes the channel name followed by the key bytes', () => {
    const { channel, masterKey, expectedHex } = SHARED_SECRET_READABLE_KEY_VECTOR;
    const key = Buffer.from(masterKey);
    expect(Buffer.from(encryptedChannelSharedSecret(channel, key), 'base64').toString('hex')).toBe(expectedHex);
    expect(createHash('sha256').update(channel).update(key).digest('hex')).toBe(expectedHex);
  });
});
