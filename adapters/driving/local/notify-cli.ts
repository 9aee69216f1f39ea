// `npm run notify -- <userId> '<json>'`: sends a NotifyUser message to a running local server.
import { parseFlags, readPushgateJson, runCli, UserFacingError } from './cli.ts';
import { fetchLocal, localServerUrl } from './local-server-url.ts';

const USAGE = `usage: npm run notify -- <userId> '<json data>'

Queues a NotifyUser message on a running npm start: every connection of <userId> receives the data.
environment: PORT (default 4000)`;

await runCli('npm run notify', async () => {
  const { positionals, values } = parseFlags('npm run notify', { help: { type: 'boolean', short: 'h' } }, process.argv.slice(2), true);
  if (values.help) return console.log(USAGE);
  const [userId, json] = positionals;
  if (userId === undefined || json === undefined) throw new UserFacingError(`which user, and what data? ${USAGE.split('\n')[0]}`, 2);
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new UserFacingError(`the data is not JSON: ${json.slice(0, 200)}`, 2);
  }
  const url = localServerUrl();
  const response = await fetchLocal(`${url}/local/queues/NotifyUser`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, data }) });
  const body = await readPushgateJson(response, url);
  if (response.status !== 202) throw new UserFacingError(`${response.status}: ${typeof body['message'] === 'string' ? body['message'] : JSON.stringify(body)}`);
  console.log(`queued for ${userId}: ${JSON.stringify(body)}`);
});
