import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '../../adapters/driven/apigateway/management-api-payload.ts';
import { SignedFetchConnectionNotifier } from '../../adapters/driven/apigateway/signed-fetch-connection-notifier.ts';
import { describeConnectionNotifierContract } from '../../domain/notifications/connection-notifier.contract.ts';
import { startManagementApiStub } from '../support/management-api-stub.ts';

type Stub = Awaited<ReturnType<typeof startManagementApiStub>>;
/** What Lambda hands the function in its environment: the role's temporary credentials. */
const LAMBDA_CREDENTIALS = { accessKeyId: 'ASIAEXAMPLEROLEKEY', secretAccessKey: 'role-secret-for-the-stub', sessionToken: 'role-session-token' };
const REGION = 'eu-west-1';
const NO_WAIT = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1 };
let stub: Stub;

beforeAll(async () => {
  stub = await startManagementApiStub({ stage: 'staging', region: REGION, credentials: LAMBDA_CREDENTIALS });
});
afterAll(() => stub.stop());

function notifier(overrides: { endpoint?: string; region?: string; secretAccessKey?: string } = {}) {
  return new SignedFetchConnectionNotifier({
    endpoint: overrides.endpoint ?? stub.stageEndpoint,
    region: overrides.region ?? REGION,
    credentials: { ...LAMBDA_CREDENTIALS, ...(overrides.secretAccessKey === undefined ? {} : { secretAccessKey: overrides.secretAccessKey }) },
    retry: NO_WAIT,
  });
}

describeConnectionNotifierContract('Management API over a signed fetch (wire-format server)', () => ({
  notifier: notifier(),
  openConnection: async () => stub.open(),
  closeConnection: async (connectionId) => stub.close(connectionId),
  receivedBy: async (connectionId) => stub.received(connectionId),
}));

describe('SignedFetchConnectionNotifier', () => {
  it('posts to the stage path of its endpoint, SigV4-signed for execute-api in its region with the session token', async () => {
    const connectionId = stub.open();
    const refusalsBefore = stub.refusals.length;
    expect(await notifier({ endpoint: `${stub.stageEndpoint}/` }).send(connectionId, 'x')).toBe('delivered');
    expect(stub.calls.at(-1)).toEqual({ method: 'POST', connectionId });
    expect(stub.refusals.slice(refusalsBefore)).toEqual([]);
    expect(stub.received(connectionId)).toEqual(['x']);
  });

  it('is refused (not told "gone") without the stage, or signed for another region or with another key, and names the answer', async () => {
    const connectionId = stub.open();
    const attempts = [
      { subject: notifier({ endpoint: stub.endpoint }), refusal: /^no route POST \/@connections\//, name: 'ForbiddenException' },
      { subject: notifier({ region: 'us-west-2' }), refusal: /^signed for region us-west-2, not eu-west-1$/, name: 'InvalidSignatureException' },
      { subject: notifier({ secretAccessKey: 'not-the-role-secret' }), refusal: /^a signature that does not match the request$/, name: 'InvalidSignatureException' },
    ];
    for (const { subject, refusal, name } of attempts) {
      const refusalsBefore = stub.refusals.length;
      await expect(subject.send(connectionId, 'refused')).rejects.toMatchObject({ name, $metadata: { httpStatusCode: 403 } });
      expect(stub.refusals.slice(refusalsBefore)).toEqual([expect.stringMatching(refusal)]);
    }
    expect(stub.received(connectionId)).toEqual([]);
  });

  it('retries 429 LimitExceeded, then delivers; gives up after its attempts and throws', async () => {
    const connectionId = stub.open();
    stub.throttle(connectionId, 2);
    expect(await notifier().send(connectionId, 'after throttling')).toBe('delivered');
    expect(stub.received(connectionId)).toEqual(['after throttling']);
    const stubborn = stub.open();
    stub.throttle(stubborn, 10);
    await expect(notifier().send(stubborn, 'never')).rejects.toMatchObject({ name: 'LimitExceededException', $metadata: { httpStatusCode: 429 } });
    expect(stub.received(stubborn)).toEqual([]);
  });

  it('closes a connection with DELETE @connections/{id}, takes one already gone as closed, and retries throttling', async () => {
    const connectionId = stub.open();
    stub.throttle(connectionId, 1);
    await notifier().disconnect(connectionId);
    expect(stub.calls.at(-1)).toEqual({ method: 'DELETE', connectionId });
    expect(await notifier().send(connectionId, 'late')).toBe('gone');
    await expect(notifier().disconnect('bm90LWEtY29ubmVjdGlvbg=')).resolves.toBeUndefined();
  });

  it('refuses a payload over 128 KB before calling AWS', async () => {
    const connectionId = stub.open();
    const requestsBefore = stub.calls.length + stub.refusals.length;
    await expect(notifier().send(connectionId, 'x'.repeat(128 * 1024 + 1))).rejects.toThrow(PayloadTooLargeError);
    expect(stub.calls.length + stub.refusals.length).toBe(requestsBefore);
  });
});
