/**
 * Published Pusher Channels test vectors: inputs and expected outputs from Pusher's documentation
 * (https://pusher.com/docs/channels/library_auth_reference/auth-signatures/) and the official
 * server SDKs' test suites (pusher-http-node, pusher-http-php, pusher-http-python,
 * pusher-http-go), each re-derived with `node:crypto` when it was copied here.
 * An expected value is the lowercase hex HMAC-SHA256 of the UTF-8 string, keyed by the secret.
 */

export interface AuthSignatureVector {
  /** The app key only prefixes the `auth` value; where a suite gives none, any key does. */
  readonly key: string;
  readonly secret: string;
  readonly stringToSign: string;
  readonly expectedHex: string;
  readonly checks: string;
}

export const AUTH_SIGNATURE_VECTORS: readonly AuthSignatureVector[] = [
  { key: '278d425bdf160c739803', secret: '7ad3773142a6692b25b8', stringToSign: '1234.1234:private-foobar', expectedHex: '58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4', checks: 'private channel (Pusher docs)' },
  { key: '278d425bdf160c739803', secret: '7ad3773142a6692b25b8', stringToSign: '1234.1234::user::{"id":"12345"}', expectedHex: '4708d583dada6a56435fb8bc611c77c359a31eebde13337c16ab43aa6de336ba', checks: 'user sign-in (Pusher docs)' },
  { key: 'aaaa', secret: 'tofu', stringToSign: '123.456:test', expectedHex: 'efa6cf7644a0b35cba36aa0f776f3cbf7bb60e95ea2696bde1dbe8403b61bd7c', checks: 'plain channel' },
  { key: 'aaaa', secret: 'tofu', stringToSign: '123.456:test:{"foo":"bar"}', expectedHex: 'f41faf9ead2ea76772cc6b1168363057459f02499ae4d92e88229dc7f4efa2d4', checks: 'with channel_data' },
  { key: 'aaaa', secret: 'tofu', stringToSign: '1.1:test:"ą§¶™€łü€ß£"', expectedHex: '2a229263e89d9c50524fd80c2e88be2843379f6931e28995e2cc214282c9db0c', checks: 'UTF-8 channel_data' },
  { key: 'aaaa', secret: 'tofu', stringToSign: '123.456::user::{"id":"45678"}', expectedHex: 'f4b1fdeea7c93e32648c7230e32b172057c5623cace6cfce791c6e7035e0babd', checks: 'user sign-in' },
  { key: 'aaaa', secret: 'tofu', stringToSign: '1.1::user::{"id":"ą§¶™€łü€ß£"}', expectedHex: '620494cee53d6c568b49598313194088afda37218f0d059af03c0c898ed61ff4', checks: 'UTF-8 user id' },
  { key: 'f00d', secret: 'tofu', stringToSign: '123.456:private-encrypted-bla:"foo"', expectedHex: '962c48b78bf93d98ff4c92ee7dff04865821455b7b401e9d60a9e0a90af2c105', checks: 'encrypted channel' },
  { key: 'k', secret: 'thisisasecret', stringToSign: '45055.28877557:-azAZ9_=@,.;', expectedHex: 'd1c20ad7684c172271f92c108e11b45aef07499b005796ae1ec5beb924f361c4', checks: 'every allowed channel character' },
  { key: 'k', secret: 'thisisasecret', stringToSign: '45055.28877557:-azAZ9_=@,.;:{"user_id": "123"}', expectedHex: '3b3f1dcc4d7d2f95dd10ed05562397b3287b102d4cccfacbf30eed2f1ffa3d69', checks: 'sign exactly the string you return (note the space)' },
  { key: 'foo', secret: 'bar', stringToSign: '345.43245:presence-channel:{"user_id":"fred","user_info":{"key":"value"}}', expectedHex: 'e80ba6439492c2113022c39297a87a948de14061cc67b5788e045645a68b8ccd', checks: 'presence' },
  { key: 'foo', secret: 'bar', stringToSign: '345.23:private-encrypted-channel', expectedHex: 'fff0503dfe4929f5162efe4d1dacbce524b0d8e7e1331117a8651c0e74d369e3', checks: 'encrypted' },
  { key: 'k', secret: 'thisisasecret', stringToSign: '12345.6789::user::{"id":"123","name":"John Smith"}', expectedHex: '0dddb208b53c7649f3fbbb86254a6e1986bc6f8b566423ea690c9ca773497373', checks: 'user sign-in with extra fields' },
];

/** `shared_secret = base64(SHA-256(channel_name_bytes ‖ master_key_32_bytes))` for private-encrypted channels. */
export const SHARED_SECRET_VECTORS: readonly { readonly channel: string; readonly masterKeyBase64: string; readonly sharedSecret: string }[] = [
  { channel: 'private-encrypted-bla', masterKeyBase64: 'zyrm8pvV2C9fJcBfhyXzvxbJVN/H7QLmbe0xJi1GhPU=', sharedSecret: 'nlr49ISQHz91yS3cy/yWmW8wFMNeTnNL5tNHnbPJcLQ=' },
  { channel: 'private-encrypted-channel', masterKeyBase64: 'OHRXNUZRTG5pUTFzQlFGd3J3N3Q2VFZFc0paZDEweVk=', sharedSecret: 'VmIsNZtCSteh8kazd2toc+ofhohBtUouQRSDtRvuyVI=' },
];

/** The same derivation from a readable key: SHA-256 hex of the channel name followed by the key's bytes. */
export const SHARED_SECRET_READABLE_KEY_VECTOR = {
  channel: 'private-encrypted-bla',
  masterKey: 'This is a string that is 32 chars',
  expectedHex: '004831f99d2a4e86723e893caded3a2897deeddbed9514fe9497dcddc52bd50b',
} as const;

/** A webhook as Pusher sends it: `X-Pusher-Signature` is the HMAC of the raw body. */
export const WEBHOOK_VECTOR = {
  key: '123456789',
  secret: 'tofu',
  rawBody: '{"time_ms":1403175510755,"events":[{"channel":"test_channel","name":"channel_vacated"}]}',
  signature: 'c17257e92037cd7de407ebc1ed174ceb7b2e518db127f44411b9ffc4f5b28cc5',
} as const;
