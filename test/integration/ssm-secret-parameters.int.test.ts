import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createServer, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSecretParameters, SignedFetchSsmParameterReader } from '../../adapters/driven/ssm/ssm-secret-parameters.ts';
import { closeServer, listenOnLoopback } from '../support/listen.ts';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-example' };
const PARAMETERS: Record<string, string> = { '/pushgate/test/pusher-secret': 'the-pusher-secret', '/pushgate/test/token-signing-keys': 'k1:c2VjcmV0' };

/**
 * An SSM endpoint that checks every request's SigV4 signature by recomputing it with the AWS SDK's
 * own signer, then answers GetParameters in SSM's JSON protocol.
 */
async function startSsmStub() {
  const signer = new SignatureV4({ credentials: CREDENTIALS, region: 'eu-west-1', service: 'ssm', sha256: Sha256, applyChecksum: false });
  const verified: boolean[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
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
  return { endpoint, verified, stop: () => closeServer(server) };
}

let stub: Awaited<ReturnType<typeof startSsmStub>>;
beforeAll(async () => {
  stub = await startSsmStub();
});
afterAll(() => stub.stop());

const lambdaEnvironment = () => ({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_SESSION_TOKEN: CREDENTIALS.sessionToken, AWS_ENDPOINT_URL_SSM: `${stub.endpoint}/` });

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
