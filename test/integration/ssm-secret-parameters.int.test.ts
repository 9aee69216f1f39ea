import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createServer, type IncomingMessage } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COLD_START_RETRY_POLICY, resolveSecretParameters, SignedFetchSsmParameterReader } from '../../adapters/driven/ssm/ssm-secret-parameters.ts';
import { closeServer, listenOnLoopback } from '../support/listen.ts';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-example' };
const PARAMETERS: Record<string, string> = { '/pushgate/test/pusher-secret': 'the-pusher-secret', '/pushgate/test/token-signing-keys': 'k1:c2VjcmV0' };

/** How the stub misbehaves on a request, before it checks anything: as a throttled SSM does, or a dropped connection. */
type Misbehaviour = 'throttle' | 'throttle-by-header' | 'reset' | 'hang' | undefined;

/**
 * An SSM endpoint that checks every request's SigV4 signature by recomputing it with the AWS SDK's
 * own signer, then answers GetParameters in SSM's JSON protocol. `misbehave` decides, request by
 * request, whether it throttles (HTTP 400 ThrottlingException, as SSM does) or drops the connection.
 */
async function startSsmStub() {
  const signer = new SignatureV4({ credentials: CREDENTIALS, region: 'eu-west-1', service: 'ssm', sha256: Sha256, applyChecksum: false });
  const verified: boolean[] = [];
  const arrivals: number[] = [];
  // Each schedule gets its own endpoint path, so a try aborted in one test that reaches the server late is not counted in the next.
  let round = 0;
  let misbehave: (requestNumber: number) => Misbehaviour = () => undefined;
  const server = createServer(async (request: IncomingMessage, response) => {
    const inThisRound = request.url === `/round-${round}/`;
    if (inThisRound) arrivals.push(performance.now());
    const misbehaviour = inThisRound ? misbehave(arrivals.length) : undefined;
    if (misbehaviour === 'hang') {
      setTimeout(() => request.socket.destroy(), 2_000).unref();
      return;
    }
    if (misbehaviour === 'reset') {
      request.socket.destroy();
      return;
    }
    if (misbehaviour === 'throttle') {
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
      return;
    }
    if (misbehaviour === 'throttle-by-header') {
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/' }).end('{}');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const authorization = String(request.headers['authorization'] ?? '');
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
    const headers = Object.fromEntries(signedHeaders.map((name) => [name, String(request.headers[name] ?? '')]));
    const amzDate = String(request.headers['x-amz-date']);
    const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    const expected = await signer.sign(
      { method: request.method!, protocol: 'http:', hostname: '127.0.0.1', port: Number(request.headers.host?.split(':')[1]), path: request.url!, headers, body },
      { signingDate, signableHeaders: new Set(signedHeaders), unsignableHeaders: new Set(Object.keys(request.headers).filter((name) => !signedHeaders.includes(name))) },
    );
    const valid = expected.headers['authorization'] === authorization && request.headers['x-amz-security-token'] === CREDENTIALS.sessionToken;
    verified.push(valid);
    if (!valid || request.headers['x-amz-target'] !== 'AmazonSSM.GetParameters') {
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'InvalidSignatureException', message: 'signature mismatch' }));
      return;
    }
    const { Names, WithDecryption } = JSON.parse(body) as { Names: string[]; WithDecryption: boolean };
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(
      JSON.stringify({
        Parameters: Names.filter((name) => name in PARAMETERS).map((name) => ({ Name: name, Type: 'SecureString', Value: WithDecryption ? PARAMETERS[name] : 'ENCRYPTED' })),
        InvalidParameters: Names.filter((name) => !(name in PARAMETERS)),
      }),
    );
  });
  const endpoint = await listenOnLoopback(server);
  return {
    endpoint,
    verified,
    arrivals,
    /** Where this round's requests go: AWS_ENDPOINT_URL_SSM may carry a path, and the signature covers it. */
    roundEndpoint: () => `${endpoint}/round-${round}/`,
    misbehaveWith: (schedule: (requestNumber: number) => Misbehaviour) => {
      round += 1;
      arrivals.length = 0;
      misbehave = schedule;
    },
    stop: () => closeServer(server),
  };
}

let stub: Awaited<ReturnType<typeof startSsmStub>>;
beforeAll(async () => {
  stub = await startSsmStub();
});
afterAll(() => stub.stop());
afterEach(() => stub.misbehaveWith(() => undefined));

const lambdaEnvironment = () => ({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_SESSION_TOKEN: CREDENTIALS.sessionToken, AWS_ENDPOINT_URL_SSM: stub.roundEndpoint() });

describe('secrets from SSM at cold start (SigV4-signed fetch)', () => {
  it('signs exactly as the AWS SDK does, and the SDK\'s own client is accepted by the same endpoint', async () => {
    const sdk = new SSMClient({ region: 'eu-west-1', endpoint: stub.endpoint, credentials: CREDENTIALS });
    const fromSdk = await sdk.send(new GetParametersCommand({ Names: ['/pushgate/test/pusher-secret'], WithDecryption: true }));
    expect(fromSdk.Parameters?.[0]?.Value).toBe('the-pusher-secret');
    const fromFetch = await new SignedFetchSsmParameterReader(lambdaEnvironment()).read(['/pushgate/test/pusher-secret']);
    expect(fromFetch.get('/pushgate/test/pusher-secret')).toBe('the-pusher-secret');
    expect(stub.verified.slice(-2)).toEqual([true, true]);
  });

  it('resolves every <NAME>_PARAMETER into <NAME>, decrypted, in one call', async () => {
    const before = stub.verified.length;
    const env = await resolveSecretParameters({ ...lambdaEnvironment(), PUSHER_SECRET_PARAMETER: '/pushgate/test/pusher-secret', TOKEN_SIGNING_KEYS_PARAMETER: '/pushgate/test/token-signing-keys', PUSHER_KEY: 'k' });
    expect(env).toMatchObject({ PUSHER_SECRET: 'the-pusher-secret', TOKEN_SIGNING_KEYS: 'k1:c2VjcmV0', PUSHER_KEY: 'k' });
    expect(stub.verified.length - before).toBe(1);
  });

  it('names a missing parameter, and a forged signature is refused', async () => {
    await expect(resolveSecretParameters({ ...lambdaEnvironment(), PUSHER_SECRET_PARAMETER: '/pushgate/test/nope' })).rejects.toThrow('/pushgate/test/nope');
    await expect(new SignedFetchSsmParameterReader({ ...lambdaEnvironment(), AWS_SECRET_ACCESS_KEY: 'wrong' }).read(['/pushgate/test/pusher-secret'])).rejects.toThrow(/400 InvalidSignatureException/);
  });

  it('makes no call at all when nothing is a parameter', async () => {
    const before = stub.verified.length;
    expect(await resolveSecretParameters({ PUSHER_SECRET: 'inline' })).toEqual({ PUSHER_SECRET: 'inline' });
    expect(stub.verified.length).toBe(before);
  });
});

describe('secrets from SSM under throttling and network faults (cold-start retries)', () => {
  const FAST = { ...COLD_START_RETRY_POLICY, baseDelayMs: 20, maxDelayMs: 200 };
  const read = (policy = FAST) => new SignedFetchSsmParameterReader(lambdaEnvironment(), policy).read(['/pushgate/test/pusher-secret']);

  it('retries a 400 ThrottlingException (in the body or only in x-amzn-ErrorType) until SSM answers', async () => {
    const schedule: Misbehaviour[] = ['throttle', 'throttle-by-header', 'throttle'];
    stub.misbehaveWith((n) => schedule[n - 1]);
    expect((await read()).get('/pushgate/test/pusher-secret')).toBe('the-pusher-secret');
    expect(stub.arrivals).toHaveLength(4);
    expect(stub.verified.at(-1)).toBe(true);
  });

  it('retries a connection dropped before an answer', async () => {
    stub.misbehaveWith((n) => (n <= 2 ? 'reset' : undefined));
    expect((await read()).get('/pushgate/test/pusher-secret')).toBe('the-pusher-secret');
    expect(stub.arrivals).toHaveLength(3);
  });

  it('backs off exponentially, scaled by the jitter draw', async () => {
    stub.misbehaveWith((n) => (n <= 4 ? 'throttle' : undefined));
    await read({ ...FAST, random: () => 1 });
    const gaps = stub.arrivals.slice(1).map((at, index) => at - stub.arrivals[index]!);
    // Full jitter with the draw pinned at its top: 20, 40, 80, 160 ms.
    expect(gaps).toHaveLength(4);
    gaps.forEach((gap, index) => expect(gap).toBeGreaterThanOrEqual([20, 40, 80, 160][index]! - 2));
    stub.misbehaveWith((n) => (n <= 4 ? 'throttle' : undefined));
    await read({ ...FAST, random: () => 0 });
    const unjittered = stub.arrivals.slice(1).map((at, index) => at - stub.arrivals[index]!);
    expect(unjittered.reduce((a, b) => a + b, 0)).toBeLessThan(gaps.reduce((a, b) => a + b, 0));
  });

  it('gives up within its budget under throttling that never ends, naming it, well inside the 10 s init phase', async () => {
    stub.misbehaveWith(() => 'throttle');
    const started = performance.now();
    await expect(read({ ...FAST, maxAttempts: 100, budgetMs: 600 })).rejects.toThrow(/failed after \d+ tries.*400 ThrottlingException/);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(600 + 400); // the margin is scheduling on a loaded machine, not retries
    expect(stub.arrivals.length).toBeGreaterThan(2);
    // Every try is cut to what is left of the budget, so the default budget is the most a cold start waits.
    expect(COLD_START_RETRY_POLICY.budgetMs).toBeLessThan(10_000);
  });

  it('names what SSM answered before, when the last try is cut off by the budget', async () => {
    stub.misbehaveWith((n) => (n === 1 ? 'throttle' : 'hang'));
    await expect(read({ ...FAST, budgetMs: 300, random: () => 0 })).rejects.toThrow(/failed after \d+ tries.*TimeoutError.*before that, SSM GetParameters answered 400 ThrottlingException/);
  });

  it('does not retry what would only fail again: a bad signature is answered once', async () => {
    stub.misbehaveWith(() => undefined);
    await expect(new SignedFetchSsmParameterReader({ ...lambdaEnvironment(), AWS_SECRET_ACCESS_KEY: 'wrong' }, FAST).read(['/pushgate/test/pusher-secret'])).rejects.toThrow(/^SSM GetParameters answered 400 InvalidSignatureException/);
    expect(stub.arrivals).toHaveLength(1);
  });
});
