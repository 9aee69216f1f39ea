import PusherJs from 'pusher-js';
import type { LocalGateway } from '../../../adapters/driving/local/local-gateway.ts';
import { issueToken } from './clients.ts';

// pusher-js is CommonJS whose types describe an ES default export; at run time the import is the class.
export const PusherClient = PusherJs as unknown as typeof PusherJs.default;
export type PusherClient = InstanceType<typeof PusherJs.default>;

type PusherJsOptions = ConstructorParameters<typeof PusherClient>[1];

/** pusher-js (Node build) pointed at local mode's channels API over plain ws, with `options` on top; not yet connected. */
export function localPusherJs(gateway: LocalGateway, options: Partial<PusherJsOptions> = {}): PusherClient {
  return new PusherClient('local-key', { cluster: 'local', wsHost: '127.0.0.1', wsPort: gateway.port, forceTLS: false, enabledTransports: ['ws'], disableStats: true, ...options });
}

/** Resolves once pusher-js is connected (its socket id known), rejects if it gives up. */
export function connected(client: PusherClient): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    client.connection.bind('connected', () => resolve());
    client.connection.bind('failed', () => reject(new Error('pusher-js could not connect')));
  });
}

/**
 * pusher-js connected to local mode as `userId`, authorizing channels and signing in through
 * pushgate's own endpoints with a bearer token that grants `channels`.
 */
export async function connectPusherJs(gateway: LocalGateway, userId: string, channels: string, userInfo: unknown = { name: userId.toUpperCase() }): Promise<PusherClient> {
  const { access_token: token } = await issueToken(gateway.url, userId, { channels, user_info: JSON.stringify(userInfo) });
  const headers = { Authorization: `Bearer ${token}` };
  const client = localPusherJs(gateway, {
    channelAuthorization: { endpoint: `${gateway.url}/pusher/auth`, transport: 'ajax', headers },
    userAuthentication: { endpoint: `${gateway.url}/pusher/user-auth`, transport: 'ajax', headers },
  });
  await connected(client);
  return client;
}
