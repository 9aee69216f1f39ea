import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { CHANNEL_FUNCTIONS, FUNCTION_NAMES } from '../../manifest/functions.ts';
import { installPulumiMocks, stackConfig, valueOf } from '../support/pulumi-mocks.ts';
import { expectFunctionsFollowTheirDeclarations } from './function-declarations.ts';

// The staging stack with `channels: hosted`: pusher-js stays on hosted Pusher, as before this stack had channels of its own.
const { config, secretKeys } = stackConfig(readFileSync(path.resolve(import.meta.dirname, '../../Pulumi.staging.yaml'), 'utf8'));
const resources = installPulumiMocks('staging', { ...config, 'pushgate:channels': 'hosted', 'pushgate:pusherBridge': 'on' }, secretKeys);
const program = import('../../infrastructure/index.ts').then(async (outputs) => {
  await pulumi.runtime.disconnect();
  return outputs;
});
const ofType = (type: string) => resources.filter((resource) => resource.type === type);
const variables = (name: string) => ofType('aws:lambda/function:Function').find((fn) => fn.inputs['name'] === `pushgate-staging-${name}`)!.inputs['environment'].variables as Record<string, string>;

describe('a stack that leaves channels to hosted Pusher (channels: hosted, Pulumi mocks)', () => {
  it('deploys none of the channels: no channels API, subscription table, fan-out queue, distribution or /apps routes', async () => {
    const outputs = await program;
    const functions = ofType('aws:lambda/function:Function').map((fn) => (fn.inputs['name'] as string).replace('pushgate-staging-', '')).sort();
    expect(functions).toEqual(FUNCTION_NAMES.filter((name) => !CHANNEL_FUNCTIONS.has(name)).sort());
    expect(functions).toHaveLength(10);
    expect(ofType('aws:apigatewayv2/api:Api').map((api) => api.name).sort()).toEqual(['pushgate-http', 'pushgate-ws']);
    expect(ofType('aws:dynamodb/table:Table').map((table) => table.name).sort()).toEqual(['pushgate-connections', 'pushgate-refresh-tokens', 'pushgate-webhook-replays']);
    expect(ofType('aws:sqs/queue:Queue')).toHaveLength(6);
    expect(ofType('aws:cloudfront/distribution:Distribution')).toEqual([]);
    expect(ofType('aws:apigatewayv2/route:Route').filter((route) => String(route.inputs['routeKey']).includes('/apps/'))).toEqual([]);
    expect(outputs.channelsHost).toBeUndefined();
    expect(outputs.pusherJsConfig).toBeUndefined();
    expect(await valueOf(outputs.websocketUrl)).toMatch(/^wss:/);
  });

  it('bridges and revokes through hosted Pusher only, and every function follows its declaration', async () => {
    await program;
    expectFunctionsFollowTheirDeclarations(resources, 'staging', { websocketAuthMode: 'connect', pusherBridge: true, channels: 'hosted' });
    expect(variables('queue-notify-user')).toMatchObject({ CHANNELS: 'hosted', PUSHER_CLUSTER: 'eu', PUSHER_SECRET_PARAMETER: '/pushgate/staging/pusher-secret' });
    expect(variables('queue-notify-user')['SUBSCRIPTIONS_TABLE']).toBeUndefined();
    expect(variables('http-token')['CHANNELS_MANAGEMENT_ENDPOINT']).toBeUndefined();
  });
});
