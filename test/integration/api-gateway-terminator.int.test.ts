import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiGatewayConnectionNotifier } from '../../adapters/driven/apigateway/api-gateway-connection-notifier.ts';
import { startManagementApiStub } from '../support/management-api-stub.ts';

type Stub = Awaited<ReturnType<typeof startManagementApiStub>>;
let stub: Stub;
beforeAll(async () => {
  stub = await startManagementApiStub();
  console.log(`[integration] DeleteConnection runs against an @connections wire-format server at ${stub.endpoint}`);
});
afterAll(() => stub.stop());

function managementApi() {
  const client = new ApiGatewayManagementApiClient({ endpoint: `${stub.endpoint}/staging`, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  return new ApiGatewayConnectionNotifier({ endpoint: stub.endpoint, client, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
}

describe('ApiGatewayConnectionNotifier as a ConnectionTerminator', () => {
  it('closes an open connection with DELETE @connections/{id}, after which it is gone', async () => {
    const connectionId = stub.open();
    await managementApi().disconnect(connectionId);
    expect(stub.calls.at(-1)).toEqual({ method: 'DELETE', connectionId });
    expect(await managementApi().send(connectionId, 'late')).toBe('gone');
  });

  it('takes a connection already gone (410) as closed', async () => {
    await expect(managementApi().disconnect('bm90LWEtY29ubmVjdGlvbg=')).resolves.toBeUndefined();
  });

  it('retries throttling, and throws when it persists', async () => {
    const connectionId = stub.open();
    stub.throttle(connectionId, 1);
    await managementApi().disconnect(connectionId);
    expect(stub.received(connectionId)).toEqual([]);
    const stubborn = stub.open();
    stub.throttle(stubborn, 10);
    await expect(managementApi().disconnect(stubborn)).rejects.toMatchObject({ name: 'LimitExceededException' });
  });
});
