/** A complete, valid function environment for tests; spread and override what a test is about. */
export const TEST_ENVIRONMENT: Readonly<Record<string, string>> = {
  PUSHER_APP_ID: '1',
  PUSHER_KEY: 'test-key',
  PUSHER_SECRET: 'test-secret',
  PUSHER_ENCRYPTION_MASTER_KEY_BASE64: 'zyrm8pvV2C9fJcBfhyXzvxbJVN/H7QLmbe0xJi1GhPU=',
  TOKEN_SIGNING_KEYS: `k1:${Buffer.from('a-test-signing-key-of-at-least-32-bytes!').toString('base64')}`,
  TOKEN_ISSUER: 'https://pushgate.test',
  TOKEN_AUDIENCE: 'pushgate-test',
};
