/**
 * Local mode's development credentials and settings, each overridable by the environment. They are
 * printed at startup: nothing here is secret, and none of it is ever used by a deployment.
 */
export const LOCAL_DEFAULTS: Readonly<Record<string, string>> = {
  PORT: '4000',
  // Numeric, as Pusher's app ids are: some SDKs (pusher-http-go's ClientFromURL) accept nothing else.
  PUSHER_APP_ID: '100001',
  PUSHER_KEY: 'local-key',
  PUSHER_SECRET: 'local-secret',
  PUSHER_CLUSTER: 'local',
  PUSHER_ENCRYPTION_MASTER_KEY_BASE64: Buffer.from('pushgate-local-dev-master-key-32').toString('base64'),
  TOKEN_SIGNING_KEYS: `local-1:${Buffer.from('pushgate-local-development-signing-key').toString('base64')}`,
  TOKEN_ISSUER: 'pushgate-local',
  TOKEN_AUDIENCE: 'pushgate-local',
  WEBSOCKET_AUTH_MODE: 'connect',
  // Local mode speaks the Pusher protocol itself, so notifications reach pusher-js clients too.
  PUSHER_BRIDGE: 'on',
};

/** The defaults, with whatever the caller's environment sets on top. */
export function localEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...LOCAL_DEFAULTS };
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value !== '') merged[name] = value;
  return merged;
}
