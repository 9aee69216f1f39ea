import PusherJs from 'pusher-js';
import type { LocalGateway } from '../../../adapters/driving/local/local-gateway.ts';
import { issueToken } from './clients.ts';

// pusher-js is CommonJS whose types describe an ES default export; at run time the import is the class.
export const PusherClient = PusherJs as unknown as typeof PusherJs.default;
export type PusherClient = InstanceType<typeof PusherJs.default>;

/**
 * pusher-js (Node build) connected to local mode as `userId`, authorizing channels and signing in
 * through pushgate's own endpoints with a bearer token that grants `channels`.
 */
export async function connectPusherJs(gateway: LocalGateway, userId: string, channels: string, userInfo: unknown = { name: userId.toUpperCase() }): Promise<PusherClient> {
  const { access_token: token } = await issueToken(gateway.url, userId, { channels, user_info: JSON.stringify(userInfo) });
  const headers = { Authorization: `Bearer ${token}` };
  const client = new PusherClient('local-key', {
    cluster: 'local',
    wsHost: '127.0.0.1',
    wsPort: gateway.port,
    forceTLS: false,
    enabledTransports: ['ws'],
    disableStats: true,
    channelAuthorization: { endpoint: `${gateway.url}/pusher/auth`, transport: 'ajax', headers },
    userAuthentication: { endpoint: `${gateway.url}/pusher/user-auth`, transport: 'ajax', headers },
  });
  await new Promise<void>((resolve, reject) => {
    client.connection.bind('connected', () => resolve());
    client.connection.bind('failed', () => reject(new Error('pusher-js could not connect')));
  });
  return client;
}
