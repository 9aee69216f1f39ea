// `npm run token -- <userId> [--channels 'private-chat-*'] [--user-info '{"name":"Ann"}']`: an access token from a running local server.
import { parseArgs } from 'node:util';
import { LOCAL_DEFAULTS, localEnvironment } from './local-environment.ts';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { channels: { type: 'string' }, 'user-info': { type: 'string' }, url: { type: 'string' } } });
const userId = positionals[0];
if (userId === undefined) {
  console.error("usage: npm run token -- <userId> [--channels 'private-chat-*,presence-lobby'] [--user-info '{\"name\":\"Ann\"}']");
  process.exit(2);
}
const env = localEnvironment(process.env);
const url = values.url ?? `http://127.0.0.1:${env['PORT'] ?? LOCAL_DEFAULTS['PORT']}`;
const response = await fetch(`${url}/token`, {
  method: 'POST',
  headers: { authorization: `Basic ${Buffer.from(`${env['PUSHER_KEY']}:${env['PUSHER_SECRET']}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'client_credentials', user_id: userId, ...(values.channels ? { channels: values.channels } : {}), ...(values['user-info'] ? { user_info: values['user-info'] } : {}) }),
}).catch((error: unknown) => {
  console.error(`no pushgate at ${url} (${(error as Error).message}); start it with npm start`);
  process.exit(1);
});
const body = (await response.json()) as { access_token?: string; message?: string };
if (!response.ok || body.access_token === undefined) {
  console.error(`${response.status}: ${body.message ?? 'no token'}`);
  process.exit(1);
}
console.log(body.access_token);
