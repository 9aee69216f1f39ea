// `npm run token -- <userId> [--channels 'private-chat-*'] [--user-info '{"name":"Ann"}']`: an access token from a running local server.
import { parseFlags, readPushgateJson, runCli, UserFacingError } from './cli.ts';
import { localEnvironment } from './local-environment.ts';
import { fetchLocal, localServerUrl } from './local-server-url.ts';

const USAGE = `usage: npm run token -- <userId> [--channels 'private-chat-*,presence-lobby'] [--user-info '{"name":"Ann"}'] [--url http://127.0.0.1:4000]

Prints an access token for <userId> from a running npm start (POST /token with the app's key and secret).
environment: PORT (default 4000), PUSHER_KEY and PUSHER_SECRET (default local-key, local-secret)`;

await runCli('npm run token', async () => {
  const { positionals, values } = parseFlags('npm run token', { channels: { type: 'string' }, 'user-info': { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, process.argv.slice(2), true);
  if (values.help) return console.log(USAGE);
  const userId = positionals[0];
  if (userId === undefined) throw new UserFacingError(`which user? ${USAGE.split('\n')[0]}`, 2);
  const env = localEnvironment(process.env);
  const url = values.url ?? localServerUrl();
  const response = await fetchLocal(`${url}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${env['PUSHER_KEY']}:${env['PUSHER_SECRET']}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', user_id: userId, ...(values.channels ? { channels: values.channels } : {}), ...(values['user-info'] ? { user_info: values['user-info'] } : {}) }),
  });
  const body = await readPushgateJson(response, url);
  if (!response.ok || typeof body['access_token'] !== 'string') throw new UserFacingError(`${response.status}: ${typeof body['message'] === 'string' ? body['message'] : 'no token'}`);
  console.log(body['access_token']);
});
