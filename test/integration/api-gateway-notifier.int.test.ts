import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiGatewayConnectionNotifier } from '../../adapters/driven/apigateway/api-gateway-connection-notifier.ts';
import { PayloadTooLargeError } from '../../adapters/driven/apigateway/management-api-payload.ts';
import { SignedFetchConnectionNotifier } from '../../adapters/driven/apigateway/signed-fetch-connection-notifier.ts';
import type { ConnectionNotifier } from '../../domain/notifications/connection-notifier.port.ts';
import { describeConnectionNotifierContract } from '../../domain/notifications/connection-notifier.contract.ts';
import { startLocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { issueToken, TestSocket } from '../e2e/support/clients.ts';
import { startManagementApiStub } from '../support/management-api-stub.ts';

type Stub = Awaited<ReturnType<typeof startManagementApiStub>>;
/** Lambda hands a function its role's credentials in these variables; the SDK's default chain reads them. */
const LAMBDA_CREDENTIALS = { accessKeyId: 'ASIAEXAMPLEROLEKEY', secretAccessKey: 'role-secret-for-the-stub', sessionToken: 'role-session-token' };
const REGION = 'eu-west-1';
const savedEnvironment = { ...process.env };
let stub: Stub;
beforeAll(async () => {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: LAMBDA_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LAMBDA_CREDENTIALS.secretAccessKey, AWS_SESSION_TOKEN: LAMBDA_CREDENTIALS.sessionToken });
  stub = await startManagementApiStub({ stage: 'staging', region: REGION, credentials: LAMBDA_CREDENTIALS });
  console.log(`[integration] Management API suites run against an @connections wire-format server at ${stub.endpoint}, which checks the stage path and SigV4`);
});
afterAll(async () => {
  process.env = savedEnvironment;
  await stub.stop();
});

const NO_WAIT = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1 };

/** Built as the composition builds it in production: an endpoint that includes the stage, a region, no client of ours. */
function notifier(onRetry?: (attempt: number) => void, endpoint = stub.stageEndpoint) {
  return new ApiGatewayConnectionNotifier({ endpoint, region: REGION, retry: NO_WAIT, ...(onRetry === undefined ? {} : { onRetry }) });
}

describeConnectionNotifierContract('API Gateway Management API (wire-format server)', () => ({
  notifier: notifier(),
  openConnection: async () => stub.open(),
  closeConnection: async (connectionId) => stub.close(connectionId),
  receivedBy: async (connectionId) => stub.received(connectionId),
}));

describe('ApiGatewayConnectionNotifier', () => {
  it('posts to the stage path of its endpoint, SigV4-signed for execute-api in its region', async () => {
    const connectionId = stub.open();
    const refusalsBefore = stub.refusals.length;
    expect(await notifier().send(connectionId, 'x')).toBe('delivered');
    // The stub records only requests to /staging/@connections/{id} that are validly signed.
    expect(stub.calls.at(-1)).toEqual({ method: 'POST', connectionId });
    expect(stub.refusals.slice(refusalsBefore)).toEqual([]);
    expect(stub.received(connectionId)).toEqual(['x']);
  });

  // The stub's own checks, so the test above cannot pass against a server that accepts anything.
  it('is refused (not told "gone") unsigned, without the stage, or signed for another region or with another key', async () => {
    const connectionId = stub.open();
    const { ApiGatewayManagementApiClient } = await import('@aws-sdk/client-apigatewaymanagementapi');
    const otherKey = new ApiGatewayManagementApiClient({ endpoint: stub.stageEndpoint, region: REGION, maxAttempts: 1, credentials: { ...LAMBDA_CREDENTIALS, secretAccessKey: 'not-the-role-secret' } });
    const unsigned = new ApiGatewayManagementApiClient({ endpoint: stub.stageEndpoint, region: REGION, maxAttempts: 1, signer: { sign: async (request) => request } });
    const attempts = [
      { subject: new ApiGatewayConnectionNotifier({ endpoint: stub.stageEndpoint, client: unsigned, retry: NO_WAIT }), refusal: /^no Authorization header$/, name: 'InvalidSignatureException' },
      { subject: notifier(undefined, stub.endpoint), refusal: /^no route POST \/@connections\//, name: 'ForbiddenException' },
      { subject: new ApiGatewayConnectionNotifier({ endpoint: stub.stageEndpoint, region: 'us-west-2', retry: NO_WAIT }), refusal: /^signed for region us-west-2, not eu-west-1$/, name: 'InvalidSignatureException' },
      { subject: new ApiGatewayConnectionNotifier({ endpoint: stub.stageEndpoint, client: otherKey, retry: NO_WAIT }), refusal: /^a signature that does not match the request$/, name: 'InvalidSignatureException' },
    ];
    for (const { subject, refusal, name } of attempts) {
      const refusalsBefore = stub.refusals.length;
      await expect(subject.send(connectionId, 'refused')).rejects.toMatchObject({ name, $metadata: { httpStatusCode: 403 } });
      expect(stub.refusals.slice(refusalsBefore)).toEqual([expect.stringMatching(refusal)]);
    }
    expect(stub.received(connectionId)).toEqual([]);
  });

  it('retries 429 LimitExceeded with backoff, then delivers', async () => {
    const connectionId = stub.open();
    stub.throttle(connectionId, 2);
    const retries: number[] = [];
    expect(await notifier((attempt) => retries.push(attempt)).send(connectionId, 'after throttling')).toBe('delivered');
    expect(retries).toEqual([1, 2]);
    expect(stub.received(connectionId)).toEqual(['after throttling']);
  });

  it('gives up after its attempts and throws, so the queue can retry later', async () => {
    const connectionId = stub.open();
    stub.throttle(connectionId, 10);
    await expect(notifier().send(connectionId, 'never')).rejects.toMatchObject({ name: 'LimitExceededException' });
    expect(stub.received(connectionId)).toEqual([]);
  });

  it('refuses a payload over 128 KB before calling AWS', async () => {
    const connectionId = stub.open();
    const requestsBefore = stub.calls.length + stub.refusals.length;
    await expect(notifier().send(connectionId, 'x'.repeat(128 * 1024 + 1))).rejects.toThrow(PayloadTooLargeError);
    expect(stub.calls.length + stub.refusals.length).toBe(requestsBefore);
  });
});

// The same contract against local mode's Management API, the wire format users point the SDK at, for
// both clients a function may hold: the SDK's, and the signed fetch channels-handshake posts with.
const LOCAL_NOTIFIERS: readonly [string, (endpoint: string) => ConnectionNotifier][] = [
  ['API Gateway Management API (local gateway)', (endpoint) => new ApiGatewayConnectionNotifier({ endpoint, region: 'local', retry: NO_WAIT })],
  ['Management API over a signed fetch (local gateway)', (endpoint) => new SignedFetchConnectionNotifier({ endpoint, region: 'local', credentials: LAMBDA_CREDENTIALS, retry: NO_WAIT })],
];
for (const [name, makeNotifier] of LOCAL_NOTIFIERS) describeConnectionNotifierContract(name, async () => {
  const gateway = await startLocalGateway({ port: 0, quiet: true });
  afterAll(() => gateway.close());
  const notifier = makeNotifier(gateway.url);
  const sockets = new Map<string, TestSocket>();
  const acknowledged = new Map<string, number>();
  let users = 0;
  return {
    notifier: {
      send: async (connectionId, payload) => {
        const outcome = await notifier.send(connectionId, payload);
        if (outcome === 'delivered') acknowledged.set(connectionId, (acknowledged.get(connectionId) ?? 0) + 1);
        return outcome;
      },
    },
    openConnection: async () => {
      const userId = `contract-${users++}`;
      const socket = await TestSocket.open(`${gateway.websocketUrl}?token=${(await issueToken(gateway.url, userId)).access_token}`);
      const [connection] = (await gateway.registry.listByUser(userId, Date.now())).connections;
      sockets.set(connection!.connectionId, socket);
      return connection!.connectionId;
    },
    closeConnection: async (connectionId) => sockets.get(connectionId)?.close(),
    // A post is acknowledged once the gateway has written the frame: wait for as many frames as acknowledged posts.
    receivedBy: async (connectionId) => sockets.get(connectionId)!.waitFor(acknowledged.get(connectionId) ?? 0),
  };
});
