import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encryptedChannelSharedSecret, pusherAuthSignature } from './pusher-signature.ts';

// Every vector from ../shared/reference/pusher.md (Pusher's docs and the official SDKs' suites).
const SIGNATURE_VECTORS = [
  ['278d425bdf160c739803', '7ad3773142a6692b25b8', '1234.1234:private-foobar', '58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4'],
  ['278d425bdf160c739803', '7ad3773142a6692b25b8', '1234.1234::user::{"id":"12345"}', '4708d583dada6a56435fb8bc611c77c359a31eebde13337c16ab43aa6de336ba'],
  ['aaaa', 'tofu', '123.456:test', 'efa6cf7644a0b35cba36aa0f776f3cbf7bb60e95ea2696bde1dbe8403b61bd7c'],
  ['aaaa', 'tofu', '123.456:test:{"foo":"bar"}', 'f41faf9ead2ea76772cc6b1168363057459f02499ae4d92e88229dc7f4efa2d4'],
  ['aaaa', 'tofu', '1.1:test:"ą§¶™€łü€ß£"', '2a229263e89d9c50524fd80c2e88be2843379f6931e28995e2cc214282c9db0c'],
  ['aaaa', 'tofu', '123.456::user::{"id":"45678"}', 'f4b1fdeea7c93e32648c7230e32b172057c5623cace6cfce791c6e7035e0babd'],
  ['aaaa', 'tofu', '1.1::user::{"id":"ą§¶™€łü€ß£"}', '620494cee53d6c568b49598313194088afda37218f0d059af03c0c898ed61ff4'],
  ['f00d', 'tofu', '123.456:private-encrypted-bla:"foo"', '962c48b78bf93d98ff4c92ee7dff04865821455b7b401e9d60a9e0a90af2c105'],
  ['k', 'thisisasecret', '45055.28877557:-azAZ9_=@,.;', 'd1c20ad7684c172271f92c108e11b45aef07499b005796ae1ec5beb924f361c4'],
  ['k', 'thisisasecret', '45055.28877557:-azAZ9_=@,.;:{"user_id": "123"}', '3b3f1dcc4d7d2f95dd10ed05562397b3287b102d4cccfacbf30eed2f1ffa3d69'],
  ['foo', 'bar', '345.43245:presence-channel:{"user_id":"fred","user_info":{"key":"value"}}', 'e80ba6439492c2113022c39297a87a948de14061cc67b5788e045645a68b8ccd'],
  ['foo', 'bar', '345.23:private-encrypted-channel', 'fff0503dfe4929f5162efe4d1dacbce524b0d8e7e1331117a8651c0e74d369e3'],
  ['k', 'thisisasecret', '12345.6789::user::{"id":"123","name":"John Smith"}', '0dddb208b53c7649f3fbbb86254a6e1986bc6f8b566423ea690c9ca773497373'],
] as const;

describe('pusherAuthSignature', () => {
  it.each(SIGNATURE_VECTORS)('key %s signs %s', (key, secret, stringToSign, expectedHex) => {
    expect(pusherAuthSignature({ appId: '1', key, secret }, stringToSign)).toBe(`${key}:${expectedHex}`);
  });
});

describe('encryptedChannelSharedSecret', () => {
  it.each([
    ['private-encrypted-bla', 'zyrm8pvV2C9fJcBfhyXzvxbJVN/H7QLmbe0xJi1GhPU=', 'nlr49ISQHz91yS3cy/yWmW8wFMNeTnNL5tNHnbPJcLQ='],
    ['private-encrypted-channel', 'OHRXNUZRTG5pUTFzQlFGd3J3N3Q2VFZFc0paZDEweVk=', 'VmIsNZtCSteh8kazd2toc+ofhohBtUouQRSDtRvuyVI='],
  ])('%s', (channel, masterKeyBase64, expected) => {
    expect(encryptedChannelSharedSecret(channel, Buffer.from(masterKeyBase64, 'base64'))).toBe(expected);
  });

  it('hashes the channel name followed by the key bytes', () => {
    const key = Buffer.from('This is a string that is 32 chars');
    const expectedHex = '004831f99d2a4e86723e893caded3a2897deeddbed9514fe9497dcddc52bd50b';
    expect(Buffer.from(encryptedChannelSharedSecret('private-encrypted-bla', key), 'base64').toString('hex')).toBe(expectedHex);
    expect(createHash('sha256').update('private-encrypted-bla').update(key).digest('hex')).toBe(expectedHex);
  });
});
