import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { installPulumiMocks, stackConfig } from '../support/pulumi-mocks.ts';
import { expectFunctionsFollowTheirDeclarations } from './function-declarations.ts';

// The staging stack with the other choices: action auth mode and the Pusher bridge on.
const { config, secretKeys } = stackConfig(readFileSync(path.resolve(import.meta.dirname, '../../Pulumi.staging.yaml'), 'utf8'));
const resources = installPulumiMocks('staging', { ...config, 'pushgate:websocketAuthMode': 'action', 'pushgate:pusherBridge': 'on' }, secretKeys);
const program = import('../../infrastructure/index.ts').then(() => pulumi.runtime.disconnect());

describe('a stack in action auth mode with the Pusher bridge on (Pulumi mocks)', () => {
  it('gives every function exactly the environment and policy its declaration derives', async () => {
    await program;
    expectFunctionsFollowTheirDeclarations(resources, 'staging', { websocketAuthMode: 'action', pusherBridge: true, channels: 'both' });
  });

  it('lets ws-message verify tokens (signing keys, SSM, KMS) and queue-notify-user reach Pusher (its secret)', async () => {
    await program;
    const variables = (name: string) => resources.find((resource) => resource.type === 'aws:lambda/function:Function' && resource.inputs['name'] === `pushgate-staging-${name}`)!.inputs['environment'].variables;
    expect(variables('ws-message')).toMatchObject({ WEBSOCKET_AUTH_MODE: 'action', TOKEN_SIGNING_KEYS_PARAMETER: '/pushgate/staging/token-signing-keys' });
    expect(variables('queue-notify-user')).toMatchObject({ PUSHER_BRIDGE: 'on', PUSHER_BRIDGE_EVENT: 'notification', PUSHER_SECRET_PARAMETER: '/pushgate/staging/pusher-secret' });
    const policy = resources.find((resource) => resource.type === 'aws:iam/rolePolicy:RolePolicy' && resource.name === 'ws-message-policy')!;
    const actions = (JSON.parse(policy.inputs['policy']).Statement as { Action: string[] }[]).flatMap((statement) => statement.Action);
    expect(actions).toEqual(expect.arrayContaining(['ssm:GetParameters', 'kms:Decrypt', 'dynamodb:GetItem', 'dynamodb:UpdateItem']));
  });
});
