import type { LocalGateway } from './local-gateway.ts';

/** What `npm start` prints once it is ready: where everything is, the dev credentials, a line to try. */
export function startupBanner(gateway: LocalGateway, details: { storage: string; demoToken: string }): string {
  const { url, websocketUrl, port, config } = gateway;
  const { key, secret, appId, encryptionMasterKey: masterKey } = config.pusher;
  return `pushgate local mode is running on ${url}   (open it in a browser for the demo page)

  HTTP API        POST ${url}/token
                  POST|GET ${url}/pusher/auth   POST ${url}/pusher/user-auth   POST ${url}/pusher/webhook
  WebSocket API   ${websocketUrl}?token=<access token>
  Management API  POST|GET|DELETE ${url}/@connections/{connectionId}
  Pusher          ws://127.0.0.1:${port}/app/${key} (protocol 7)   HTTP API ${url}/apps/${appId}/…  (pusher: host 127.0.0.1, port ${port}, useTLS false)
  Queues          POST ${url}/local/queues/NotifyUser   POST ${url}/local/queues/NotifyConnection   GET ${url}/local/queues

  Storage         ${details.storage}

  Dev credentials (override with PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET, PORT):
    app id ${appId}   key ${key}   secret ${secret}   (POST /token with HTTP Basic key:secret)
    encryption master key (base64) ${masterKey === undefined ? 'none: encrypted channels are off' : Buffer.from(masterKey).toString('base64')}

  Try it (a token for user "demo", valid ${config.tokens.policy.accessTokenTtlSeconds / 60} minutes):
    npx wscat -c '${websocketUrl}?token=${details.demoToken}'
    > {"action":"ping"}
    npm run notify -- demo '{"hello":"world"}'

Ctrl-C stops it.`;
}
