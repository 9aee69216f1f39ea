// `npm run notify -- <userId> '<json>'`: sends a NotifyUser message to a running local server.
import { LOCAL_DEFAULTS, localEnvironment } from './local-environment.ts';

const [userId, json] = process.argv.slice(2);
if (userId === undefined || json === undefined) {
  console.error("usage: npm run notify -- <userId> '<json data>'");
  process.exit(2);
}
let data: unknown;
try {
  data = JSON.parse(json);
} catch {
  console.error(`the data is not JSON: ${json}`);
  process.exit(2);
}
const url = `http://127.0.0.1:${localEnvironment(process.env)['PORT'] ?? LOCAL_DEFAULTS['PORT']}`;
const response = await fetch(`${url}/local/queues/NotifyUser`, { method: 'POST', body: JSON.stringify({ userId, data }) }).catch((error: unknown) => {
  console.error(`no pushgate at ${url} (${(error as Error).message}); start it with npm start`);
  process.exit(1);
});
console.log(response.status === 202 ? `queued for ${userId}: ${JSON.stringify(await response.json())}` : `${response.status}: ${await response.text()}`);
