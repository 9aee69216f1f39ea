import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiGatewayConnectionNotifier, PayloadTooLargeError } from '../../adapters/driven/apigateway/api-gateway-connection-notifier.ts';
import { describeConnectionNotifierContract } from '../../domain/notifications/connection-notifier.contract.ts';
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
