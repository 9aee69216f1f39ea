import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { TOKEN_IDENTITY_SOURCES, WebSocketApi, type WebSocketApiArgs, type WebSocketFunctions } from '../../infrastructure/components/websocket-api.ts';
import { installPulumiMocks, valueOf } from '../support/pulumi-mocks.ts';

installPulumiMocks('staging', {}, []);

const fn = (name: string) => new aws.lambda.Function(name, { name, role: 'arn:aws:iam::123456789012:role/test', runtime: 'nodejs24.x', handler: 'index.handler' });
const functions: WebSocketFunctions = { authorizer: fn('authorizer'), connect: fn('connect'), disconnect: fn('disconnect'), message: fn('message') };
const otherMessageFunction = fn('message-v2');

const args = (changes: Partial<WebSocketApiArgs> = {}): WebSocketApiArgs => ({
  stageName: 'staging',
  authMode: 'connect',
  functions: () => functions,
  throttling: { rateLimit: 10, burstLimit: 20 },
  logRetentionDays: 7,
  ...changes,
});
const triggersOf = (api: WebSocketApi) => valueOf(api.deployment.triggers as unknown as pulumi.Output<Record<string, string>>);

// The same API twice under different names: only what the deployment serves may move its triggers.
const base = new WebSocketApi('ws-base', args());
const twin = new WebSocketApi('ws-twin', args());
const retargeted = new WebSocketApi('ws-retargeted', args({ functions: () => ({ ...functions, message: otherMessageFunction }) }));
const headerToken = new WebSocketApi('ws-header-token', args({ identitySources: ['route.request.header.Authorization'] }));

describe('WebSocketApi deployment triggers (Pulumi mocks)', () => {
  it('stay the same for the same routes, integrations and authorizer', async () => {
    expect(await triggersOf(twin)).toEqual(await triggersOf(base));
    expect(TOKEN_IDENTITY_SOURCES).toEqual(['route.request.querystring.token']);
  });

  it("change when an integration's target function changes, so the stage is redeployed", async () => {
    const [before, after] = await Promise.all([triggersOf(base), triggersOf(retargeted)]);
    expect(after['routes']).toBe(before['routes']);
    expect(after).not.toEqual(before);
  });

  it("change when the authorizer's identity source changes", async () => {
    const [before, after] = await Promise.all([triggersOf(base), triggersOf(headerToken)]);
    expect(after['routes']).toBe(before['routes']);
    expect(after).not.toEqual(before);
  });
});
