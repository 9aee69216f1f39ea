import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../manifest/functions.ts';
import { installPulumiMocks, stackConfig, valueOf } from '../support/pulumi-mocks.ts';
import { expectFunctionsFollowTheirDeclarations } from './function-declarations.ts';

// The staging stack with `channels: pushgate`: its own channels only, hosted Pusher not called at all; and a domain of its own for pusher-js.
const { config, secretKeys } = stackConfig(readFileSync(path.resolve(import.meta.dirname, '../../Pulumi.staging.yaml'), 'utf8'));
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0d7e4c1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f';
const resources = installPulumiMocks(
  'staging',
  { ...config, 'pushgate:channels': 'pushgate', 'pushgate:pusherBridge': 'on', 'pushgate:channelsDomain': 'ws.example.com', 'pushgate:channelsCertificateArn': CERTIFICATE, 'pushgate:pusherWebhookUrl': 'https://app.example.com/pusher/webhooks' },
  secretKeys,
);
const program = import('../../infrastructure/index.ts').then(async (outputs) => {
  await pulumi.runtime.disconnect();
  return outputs;
});
const ofType = (type: string) => resources.filter((resource) => resource.type === type);
const variables = (name: string) => ofType('aws:lambda/function:Function').find((fn) => fn.inputs['name'] === `pushgate-staging-${name}`)!.inputs['environment'].variables as Record<string, string>;
const actionsOf = (name: string) => (JSON.parse(ofType('aws:iam/rolePolicy:RolePolicy').find((policy) => policy.name === `${name}-policy`)!.inputs['policy']).Statement as { Sid: string; Action: string[]; Resource: string[] }[]);

describe("a stack that serves pusher-js on its own channels only (channels: pushgate, Pulumi mocks)", () => {
  it('deploys every function and the whole channels graph', async () => {
    const outputs = await program;
    expect(ofType('aws:lambda/function:Function')).toHaveLength(FUNCTION_NAMES.length);
    expect(ofType('aws:cloudfront/distribution:Distribution')).toHaveLength(1);
    expect(outputs.pusherJsConfig).toBeDefined();
    expectFunctionsFollowTheirDeclarations(resources, 'staging', { websocketAuthMode: 'connect', pusherBridge: true, channels: 'pushgate' });
  });

  it('sends webhooks out: every function that changes subscriptions signals the worker, which alone posts to the app and holds the secret for it', async () => {
    await program;
    for (const name of ['channels-message', 'channels-disconnect', 'http-pusher-api', 'queue-channel-fan-out']) {
      expect(variables(name), name).toMatchObject({ PUSHER_WEBHOOK_URL: 'https://app.example.com/pusher/webhooks', APP_WEBHOOK_QUEUE_URL: expect.stringMatching(/app-webhooks$/) });
    }
    expect(variables('queue-app-webhooks')).toMatchObject({ PUSHER_WEBHOOK_URL: 'https://app.example.com/pusher/webhooks', PUSHER_SECRET_PARAMETER: '/pushgate/staging/pusher-secret' });
    const queue = ofType('aws:sqs/queue:Queue').find((resource) => resource.name === 'app-webhooks')!;
    expect(queue.inputs['visibilityTimeoutSeconds']).toBe(60);
  });

  it('serves pusher-js on the domain of its own, with its certificate, and says where its CNAME points', async () => {
    const outputs = await program;
    const distribution = ofType('aws:cloudfront/distribution:Distribution')[0]!;
    expect(distribution.inputs).toMatchObject({ aliases: ['ws.example.com'], viewerCertificate: { acmCertificateArn: CERTIFICATE, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' } });
    expect(await valueOf(outputs.channelsHost!)).toBe('ws.example.com');
    expect(await valueOf(outputs.channelsDistributionDomain!)).toBe('pushgate-channels-front-id.cloudfront.net');
    expect((await valueOf(outputs.pusherJsConfig!)).wsHost).toBe('ws.example.com');
  });

  it("bridges NotifyUser to #server-to-user-<id> on the stack's own channels, holding no Pusher secret, and revokes there", async () => {
    await program;
    const bridge = variables('queue-notify-user');
    expect(bridge).toMatchObject({ CHANNELS: 'pushgate', PUSHER_BRIDGE: 'on', SUBSCRIPTIONS_TABLE: expect.any(String), CHANNELS_MANAGEMENT_ENDPOINT: 'https://pushgate-channels-id.execute-api.eu-west-1.amazonaws.com/staging' });
    expect(bridge['PUSHER_SECRET_PARAMETER']).toBeUndefined();
    expect(bridge['PUSHER_CLUSTER']).toBeUndefined();
    const posts = actionsOf('queue-notify-user').find((statement) => statement.Sid === 'ManageChannelConnections')!;
    expect(posts.Resource).toEqual(['arn:aws:execute-api:eu-west-1:123456789012:pushgate-channels-id/staging/POST/@connections/*']);
    const revokes = actionsOf('http-token').find((statement) => statement.Sid === 'ManageChannelConnections')!;
    expect(revokes.Resource).toEqual(['arn:aws:execute-api:eu-west-1:123456789012:pushgate-channels-id/staging/DELETE/@connections/*']);
    expect(variables('http-token')['PUSHER_CLUSTER']).toBeUndefined();
  });
});
