import { AwsClient } from 'aws4fetch';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChannelsHandshakeEvent, HandshakeInvoker } from '../../../domain/realtime/handshake-invoker.port.ts';

type Environment = Readonly<Record<string, string | undefined>>;

/** Tries of one Invoke: Lambda answers a throttled or failing call with 429 or 5xx. */
const DELAYS_MS = [0, 25, 100] as const;

/**
 * Invokes `channels-handshake` with `InvocationType: Event` (Lambda answers 202 and runs it apart)
 * over a SigV4-signed fetch: the Lambda SDK client would weigh on `channels-connect`'s cold start,
 * which is part of the handshake latency pusher-js's fast retry measures. Credentials and region
 * come from the Lambda environment; AWS_ENDPOINT_URL_LAMBDA overrides the endpoint.
 */
export class LambdaHandshakeInvoker implements HandshakeInvoker {
  private readonly deps: { readonly client: AwsClient; readonly url: string };

  constructor(functionName: string, env: Environment) {
    const region = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
    const accessKeyId = env['AWS_ACCESS_KEY_ID'];
    const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
    if (region === undefined || accessKeyId === undefined || secretAccessKey === undefined) {
      throw new Error('invoking channels-handshake needs AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (Lambda sets them)');
    }
    const sessionToken = env['AWS_SESSION_TOKEN'];
    const client = new AwsClient({ accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }), service: 'lambda', region, retries: 0 });
    const endpoint = (env['AWS_ENDPOINT_URL_LAMBDA'] ?? `https://lambda.${region}.amazonaws.com`).replace(/\/$/, '');
    this.deps = { client, url: `${endpoint}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations` };
  }

  async invoke(event: ChannelsHandshakeEvent): Promise<void> {
    let last = '';
    for (const delayMs of DELAYS_MS) {
      if (delayMs > 0) await sleep(delayMs);
      const response = await this.deps.client.fetch(this.deps.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'Event' }, body: JSON.stringify(event) });
      if (response.status === 202) return;
      last = `${response.status} ${response.headers.get('x-amzn-errortype') ?? ''} ${(await response.text()).slice(0, 200)}`.trim();
      if (response.status !== 429 && response.status < 500) break;
    }
    throw new Error(`Lambda Invoke of the handshake failed: ${last}`);
  }
}
