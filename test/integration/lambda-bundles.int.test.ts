import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAll, LAMBDA_ENTRYPOINTS, type BuiltBundle } from '../../infrastructure/lambda-bundles.ts';
import { authorizerEvent, formPost, sqsEvent, webSocketEvent } from '../support/lambda-events.ts';
import { startManagementApiStub } from '../support/management-api-stub.ts';
import { TEST_ENVIRONMENT } from '../support/test-environment.ts';
import { backend, backendLabel, createConnectionTable, createRefreshTokenTable, dynamoDbClients } from './support/aws-clients.ts';

type Handler = (event: unknown) => Promise<any>;

const outputRoot = mkdtempSync(path.join(tmpdir(), 'pushgate-bundles-'));
let bundles: BuiltBundle[];
let stub: Awaited<ReturnType<typeof startManagementApiStub>>;
const savedEnvironment = { ...process.env };

/** Loads a built bundle the way Lambda does: import the file, take `handler`. */
async function load(entrypoint: string): Promise<Handler> {
  const module = (await import(pathToFileURL(path.join(outputRoot, entrypoint, 'index.mjs')).href)) as { handler: Handler };
  return module.handler;
}

beforeAll(async () => {
  bundles = await bundleAll(outputRoot);
  stub = await startManagementApiStub();
  const clients = dynamoDbClients();
  Object.assign(process.env, TEST_ENVIRONMENT, {
    AWS_REGION: backend().region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: backend().dynamodbEndpoint,
    CONNECTIONS_TABLE: await createConnectionTable(clients.raw),
    REFRESH_TOKENS_TABLE: await createRefreshTokenTable(clients.raw),
    MANAGEMENT_ENDPOINT: `${stub.endpoint}/staging`,
    NOTIFY_CONNECTION_QUEUE_URL: 'http://127.0.0.1:9/unused',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
}, 120_000);

afterAll(async () => {
  process.env = savedEnvironment;
  await stub.stop();
  rmSync(outputRoot, { recursive: true, force: true });
});

describe(`the built Lambda bundles, against ${backendLabel()}`, () => {
  it('exist for every entrypoint, minified ESM with source maps', () => {
    expect(bundles.map((bundle) => bundle.entrypoint)).toEqual([...LAMBDA_ENTRYPOINTS]);
    for (const bundle of bundles) {
      console.log(`[bundle] ${bundle.entrypoint}: ${(bundle.bytes / 1024).toFixed(1)} KB`);
      expect(bundle.bytes).toBeGreaterThan(10_000);
    }
  });

  it('issue a token, authorize a channel, connect, route a ping and fan out, each through its own bundle', async () => {
    const basic = `Basic ${Buffer.from('test-key:test-secret').toString('base64')}`;
    const tokenResponse = await (await load('http-token'))(formPost('/token', { grant_type: 'client_credentials', user_id: 'alice' }, { authorization: basic }));
    expect(tokenResponse.statusCode).toBe(200);
    const { access_token: accessToken } = JSON.parse(tokenResponse.body);

    const authResponse = await (await load('http-pusher-auth'))(formPost('/pusher/auth', { socket_id: '1.2', channel_name: 'private-user-alice' }, { authorization: `Bearer ${accessToken}` }));
    expect(authResponse.statusCode).toBe(200);
    expect(JSON.parse(authResponse.body).auth).toMatch(/^test-key:/);

    const allowed = await (await load('ws-authorizer'))(authorizerEvent({ token: accessToken }));
    expect(allowed.context.userId).toBe('alice');

    const connectionId = stub.open();
    expect(await (await load('ws-connect'))(webSocketEvent('$connect', connectionId, { userId: 'alice' }))).toEqual({ statusCode: 200 });
    expect(await (await load('ws-message'))(webSocketEvent('ping', connectionId, { body: '{"action":"ping"}' }))).toEqual({ statusCode: 200 });
    expect(stub.received(connectionId)).toEqual(['{"type":"pong"}']);

    expect(await (await load('queue-notify-user'))(sqsEvent([JSON.stringify({ userId: 'alice', data: { n: 1 } })]))).toEqual({ batchItemFailures: [] });
    expect(stub.received(connectionId)).toEqual(['{"type":"pong"}', '{"n":1}']);

    const callsBeforeDisconnect = stub.calls.length;
    stub.close(connectionId);
    expect(await (await load('ws-disconnect'))(webSocketEvent('$disconnect', connectionId))).toEqual({ statusCode: 200 });
    expect(await (await load('queue-notify-connection'))(sqsEvent([JSON.stringify({ connectionId, data: 'late' })], 'NotifyConnection'))).toEqual({ batchItemFailures: [] });
    // The late message found the connection gone (410) and was counted as handled, not retried.
    expect(stub.calls.slice(callsBeforeDisconnect)).toEqual([{ method: 'POST', connectionId }]);
  });
});
