import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiGatewayConnectionNotifier, PayloadTooLargeError } from '../../adapters/driven/apigateway/api-gateway-connection-notifier.ts';
import { describeConnectionNotifierContract } from '../../domain/notifications/connection-notifier.contract.ts';
import { startLocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { issueToken, TestSocket } from '../e2e/support/clients.ts';
import { startManagementApiStub } from '../support/management-api-stub.ts';

type Stub = Awaited<ReturnType<typeof startManagementApiStub>>;
let stub: Stub;
beforeAll(async () => {
  stub = await startManagementApiStub();
  console.log(`[integration] Management API suites run against an @connections wire-format server at ${stub.endpoint}`);
});
afterAll(() => stub.stop());

const NO_WAIT = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1 };
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

function notifier(onRetry?: (attempt: number) => void) {
  const { ApiGatewayManagementApiClient } = clientModule;
  const client = new ApiGatewayManagementApiClient({ endpoint: `${stub.endpoint}/staging`, region: 'us-east-1', credentials, maxAttempts: 1 });
  return new ApiGatewayConnectionNotifier({ endpoint: stub.endpoint, client, retry: NO_WAIT, ...(onRetry === undefined ? {} : { onRetry }) });
}
const clientModule = await import('@aws-sdk/client-apigatewaymanagementapi');

describeConnectionNotifierContract('API Gateway Management API (wire-format server)', () => ({
  notifier: notifier(),
  openConnection: async () => stub.open(),
  closeConnection: async (connectionId) => stub.close(connectionId),
  receivedBy: async (connectionId) => stub.received(connectionId),
}));

describe('ApiGatewayConnectionNotifier', () => {
  it('posts to the stage path of a custom endpoint', async () => {
    const connectionId = stub.open();
    await notifier().send(connectionId, 'x');
    expect(stub.calls.at(-1)).toEqual({ method: 'POST', connectionId });
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
    const callsBefore = stub.calls.length;
    await expect(notifier().send(connectionId, 'x'.repeat(128 * 1024 + 1))).rejects.toThrow(PayloadTooLargeError);
    expect(stub.calls.length).toBe(callsBefore);
  });
});

// The same contract against local mode's Management API, the wire format users point the SDK at.
describeConnectionNotifierContract('API Gateway Management API (local gateway)', async () => {
  const gateway = await startLocalGateway({ port: 0, quiet: true });
  afterAll(() => gateway.close());
  const { ApiGatewayManagementApiClient } = clientModule;
  const client = new ApiGatewayManagementApiClient({ endpoint: gateway.url, region: 'local', credentials, maxAttempts: 1 });
  const sockets = new Map<string, TestSocket>();
  let users = 0;
  return {
    notifier: new ApiGatewayConnectionNotifier({ endpoint: gateway.url, client, retry: NO_WAIT }),
    openConnection: async () => {
      const userId = `contract-${users++}`;
      const socket = await TestSocket.open(`${gateway.websocketUrl}?token=${(await issueToken(gateway.url, userId)).access_token}`);
      const [connection] = (await gateway.registry.listByUser(userId, Date.now())).connections;
      sockets.set(connection!.connectionId, socket);
      return connection!.connectionId;
    },
    closeConnection: async (connectionId) => sockets.get(connectionId)?.close(),
    receivedBy: async (connectionId) => {
      // A post is acknowledged when the gateway has written the frame; give it a moment to arrive.
      await new Promise((resolve) => setTimeout(resolve, 100));
      return sockets.get(connectionId)!.received;
    },
  };
});
