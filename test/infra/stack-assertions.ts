import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as pulumi from '@pulumi/pulumi';
import { MESSAGE_ACTIONS } from '../../domain/messaging/actions.ts';
import { MAX_CONNECTION_ID_LENGTH } from '../../domain/connections/connection.ts';
import { MAX_NOTIFICATION_BYTES } from '../../domain/notifications/notification.ts';
import { MAX_QUEUE_BATCH_BYTES, queuedBytesOf } from '../../domain/notifications/notification-queue.port.ts';
import { readStackConfig } from '../../infrastructure/config.ts';
import { deployedFunctions, FUNCTION_NAMES } from '../../manifest/functions.ts';
import { HTTP_ROUTES } from '../../manifest/http-routes.ts';
import { CONNECTION_TABLE, REFRESH_TOKEN_TABLE, WEBHOOK_REPLAY_TABLE } from '../../manifest/tables.ts';
import { installPulumiMocks, stackConfig, valueOf, type MockedResource } from '../support/pulumi-mocks.ts';
import { expectFunctionsFollowTheirDeclarations } from './function-declarations.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ALARM_TOPIC = 'arn:aws:sns:eu-west-1:123456789012:pushgate-alarms';

interface Statement {
  readonly Sid: string;
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** Runs the real Pulumi program for `stack` under strict mocks and checks what any stack must be. */
export function describeStack(stack: 'staging' | 'production', expectations: { protectData: boolean; alarms: number; logRetentionDays: number }): void {
  const yaml = stackConfig(readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), 'utf8'));
  const { secretKeys } = yaml;
  // The YAML's alarm topic is a placeholder the operator replaces (it is refused as it stands, below).
  const config = yaml.config['pushgate:alarms'] === 'true' ? { ...yaml.config, 'pushgate:alarmTopicArn': ALARM_TOPIC } : yaml.config;
  const resources = installPulumiMocks(stack, config, secretKeys);
  // The program, then every registration it started (functions wait on their esbuild bundles).
  const program = import('../../infrastructure/index.ts').then(async (outputs) => {
    await pulumi.runtime.disconnect();
    return outputs;
  });
  const ofType = (type: string) => resources.filter((resource) => resource.type === type);
  const named = (type: string, fragment: string) => ofType(type).find((resource) => resource.name.includes(fragment))!;

  describe(`the ${stack} stack (Pulumi mocks)`, () => {
    it('exports every output', async () => {
      const outputs = await program;
      expect(await valueOf(outputs.websocketUrl)).toBe(`wss://pushgate-ws-id.execute-api.eu-west-1.amazonaws.com/${stack}`);
      expect(await valueOf(outputs.managementEndpoint)).toBe(`https://pushgate-ws-id.execute-api.eu-west-1.amazonaws.com/${stack}`);
      expect(await valueOf(outputs.httpApiUrl)).toMatch(/^https:\/\//);
      expect(await valueOf(outputs.notifyUserQueueUrl)).toMatch(/notify-user$/);
      expect(await valueOf(outputs.notifyConnectionQueueUrl)).toMatch(/notify-connection$/);
      expect(await valueOf(outputs.tableName)).toBeTruthy();
      expect(await valueOf(outputs.awsRegion)).toBe('eu-west-1');
      expect(await valueOf(outputs.channelsHost!)).toBe('pushgate-channels-front-id.cloudfront.net');
      expect(await valueOf(outputs.channelsManagementEndpoint!)).toBe(`https://pushgate-channels-id.execute-api.eu-west-1.amazonaws.com/${stack}`);
      expect(await valueOf(outputs.pusherJsConfig!)).toEqual({
        key: config['pushgate:pusherKey'],
        cluster: 'pushgate',
        wsHost: 'pushgate-channels-front-id.cloudfront.net',
        wssPort: 443,
        forceTLS: true,
        enabledTransports: ['ws', 'wss'],
        disableStats: true,
        channelAuthorization: { endpoint: 'https://pushgate-http-id.execute-api.eu-west-1.amazonaws.com/pusher/auth' },
        userAuthentication: { endpoint: 'https://pushgate-http-id.execute-api.eu-west-1.amazonaws.com/pusher/user-auth' },
      });
      expect(await valueOf(outputs.pusherServerConfig!)).toEqual({ appId: config['pushgate:pusherAppId'], key: config['pushgate:pusherKey'], host: 'pushgate-http-id.execute-api.eu-west-1.amazonaws.com', useTLS: true });
    });

    it('has the whole resource graph: 17 functions with a role, a policy and a log group each, 3 APIs, 4 tables, 5 queues with DLQs, a distribution', async () => {
      await program;
      expect(ofType('aws:lambda/function:Function')).toHaveLength(17);
      expect(ofType('aws:lambda/function:Function').map((fn) => (fn.inputs['name'] as string).replace(`pushgate-${stack}-`, '')).sort()).toEqual([...FUNCTION_NAMES].sort());
      expect(deployedFunctions({ websocketAuthMode: 'connect', pusherBridge: false, channels: 'both' })).toEqual(FUNCTION_NAMES);
      // One role and policy per function, plus API Gateway's account-level logging role.
      expect(ofType('aws:iam/role:Role')).toHaveLength(18);
      expect(ofType('aws:iam/rolePolicy:RolePolicy')).toHaveLength(18);
      expect(ofType('aws:apigateway/account:Account')).toHaveLength(1);
      expect(ofType('aws:apigatewayv2/api:Api').map((api) => api.inputs['protocolType']).sort()).toEqual(['HTTP', 'WEBSOCKET', 'WEBSOCKET']);
      expect(ofType('aws:dynamodb/table:Table')).toHaveLength(4);
      expect(ofType('aws:sqs/queue:Queue')).toHaveLength(10);
      expect(ofType('aws:cloudfront/distribution:Distribution')).toHaveLength(1);
      expect(ofType('aws:ssm/parameter:Parameter').map((parameter) => parameter.inputs['type'])).toEqual(['SecureString', 'SecureString', 'SecureString']);
      const [key] = ofType('aws:kms/key:Key');
      expect(key?.inputs['enableKeyRotation']).toBe(true);
      for (const parameter of ofType('aws:ssm/parameter:Parameter')) expect(parameter.inputs['keyId']).toBe(key?.state['arn']);
      expect(ofType('aws:lambda/eventSourceMapping:EventSourceMapping')).toHaveLength(4);
    });

    it('serves the Pusher protocol: a channels API selecting on event, no authorizer, route responses on every message route, behind CloudFront at /app/<key>', async () => {
      await program;
      const api = named('aws:apigatewayv2/api:Api', 'pushgate-channels');
      expect(api.inputs).toMatchObject({ protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.event' });
      const routes = ofType('aws:apigatewayv2/route:Route').filter((route) => route.inputs['apiId'] === 'pushgate-channels-id');
      expect(routes.map((route) => route.inputs['routeKey']).sort()).toEqual(['$connect', '$default', '$disconnect', 'pusher:ping', 'pusher:signin', 'pusher:subscribe', 'pusher:unsubscribe']);
      for (const route of routes) expect(route.inputs['authorizationType']).toBeUndefined();
      const answering = routes.filter((route) => route.inputs['routeResponseSelectionExpression'] === '$default').map((route) => route.inputs['routeKey']).sort();
      expect(answering).toEqual(['$default', 'pusher:ping', 'pusher:signin', 'pusher:subscribe', 'pusher:unsubscribe']);
      const responses = ofType('aws:apigatewayv2/routeResponse:RouteResponse').filter((response) => response.inputs['apiId'] === 'pushgate-channels-id');
      expect(responses.map((response) => response.inputs['routeResponseKey'])).toEqual(answering.map(() => '$default'));
      const distribution = ofType('aws:cloudfront/distribution:Distribution')[0]!;
      expect(distribution.inputs['origins']).toEqual([expect.objectContaining({ domainName: 'pushgate-channels-id.execute-api.eu-west-1.amazonaws.com', customOriginConfig: expect.objectContaining({ originProtocolPolicy: 'https-only' }) })]);
      expect(distribution.inputs['defaultCacheBehavior']).toMatchObject({ viewerProtocolPolicy: 'https-only', cachePolicyId: 'cache-policy-Managed-CachingDisabled', originRequestPolicyId: 'origin-request-policy-Managed-AllViewerExceptHostHeader' });
      const rewrite = ofType('aws:cloudfront/function:Function')[0]!;
      expect(rewrite.inputs['code']).toContain(`request.uri = '/${stack}'`);
      // channels-connect may invoke only the handshake function; nothing else is invoked by a function.
      const invoke = statementsOf('channels-connect').find((statement) => statement.Action.includes('lambda:InvokeFunction'))!;
      expect(invoke.Resource).toEqual([`arn:aws:lambda:eu-west-1:123456789012:function:pushgate-${stack}-channels-handshake`]);
      expect(named('aws:lambda/function:Function', 'channels-connect').inputs['environment'].variables.CHANNELS_HANDSHAKE_FUNCTION).toBe(`pushgate-${stack}-channels-handshake`);
      // The handshake is not retried minutes later, when no client waits for it.
      expect(ofType('aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig').map((config) => config.inputs)).toEqual([expect.objectContaining({ maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 })]);
    });

    it('routes the WebSocket API by the domain\'s actions, with the authorizer on $connect', async () => {
      await program;
      const api = named('aws:apigatewayv2/api:Api', 'pushgate-ws');
      expect(api.inputs['routeSelectionExpression']).toBe('$request.body.action');
      const wsRoutes = ofType('aws:apigatewayv2/route:Route').filter((route) => route.inputs['apiId'] === 'pushgate-ws-id');
      expect(wsRoutes.map((route) => route.inputs['routeKey']).sort()).toEqual(['$connect', '$default', '$disconnect', ...MESSAGE_ACTIONS].sort());
      const authorizer = ofType('aws:apigatewayv2/authorizer:Authorizer')[0]!;
      expect(authorizer.inputs).toMatchObject({ authorizerType: 'REQUEST', identitySources: ['route.request.querystring.token'] });
      const connect = wsRoutes.find((route) => route.inputs['routeKey'] === '$connect')!;
      expect(connect.inputs).toMatchObject({ authorizationType: 'CUSTOM', authorizerId: `${authorizer.name}-id` });
      for (const route of wsRoutes.filter((candidate) => candidate.inputs['routeKey'] !== '$connect')) expect(route.inputs['authorizationType']).toBeUndefined();
      const deployment = named('aws:apigatewayv2/deployment:Deployment', 'pushgate-ws-deployment');
      expect(JSON.parse(deployment.inputs['triggers'].routes).routes.sort()).toEqual(wsRoutes.map((route) => route.inputs['routeKey']).sort());
    });

    it('names both WebSocket stages after the stack, throttles every API and keeps query strings out of access logs', async () => {
      await program;
      const stages = ofType('aws:apigatewayv2/stage:Stage');
      expect(stages.map((stage) => stage.inputs['name']).sort()).toEqual(['$default', stack, stack].sort());
      for (const stage of stages) {
        expect(stage.inputs['defaultRouteSettings']).toMatchObject({ throttlingRateLimit: expect.any(Number), throttlingBurstLimit: expect.any(Number) });
        expect(stage.inputs['accessLogSettings'].format).not.toMatch(/querystring|queryString|\$request/);
      }
    });

    it('serves /token, /token/revoke, /pusher/auth (GET and POST), /pusher/user-auth and /pusher/webhook with CORS', async () => {
      await program;
      const httpRoutes = ofType('aws:apigatewayv2/route:Route').filter((route) => route.inputs['apiId'] === 'pushgate-http-id');
      expect(httpRoutes.map((route) => route.inputs['routeKey']).sort()).toEqual([...HTTP_ROUTES.map((route) => route.routeKey)].sort());
      expect(httpRoutes.map((route) => route.inputs['routeKey'])).toEqual(expect.arrayContaining(['GET /pusher/auth', 'POST /pusher/auth', 'POST /pusher/user-auth', 'POST /pusher/webhook', 'POST /token', 'POST /token/revoke', 'POST /apps/{appId}/events']));
      const api = ofType('aws:apigatewayv2/api:Api').find((resource) => resource.inputs['protocolType'] === 'HTTP')!;
      expect(api.inputs['corsConfiguration'].allowHeaders).toContain('authorization');
    });

    it('gives every function its own least-privilege policy: no wildcard actions, no wildcard resources, no managed policies', async () => {
      await program;
      expect(ofType('aws:iam/rolePolicyAttachment:RolePolicyAttachment')).toEqual([]);
      for (const policy of ofType('aws:iam/rolePolicy:RolePolicy')) {
        const document = JSON.parse(policy.inputs['policy']) as { Statement: { Action: string[]; Resource: string[]; Effect: string }[] };
        for (const statement of document.Statement) {
          expect(statement.Effect).toBe('Allow');
          for (const action of statement.Action) expect(action, `${policy.name}: ${action}`).not.toMatch(/\*/);
          for (const resource of statement.Resource) expect(resource, `${policy.name}: ${resource}`).toMatch(/^arn:aws:[a-z0-9-]+:eu-west-1:123456789012:/);
          if (statement.Action.includes('execute-api:ManageConnections') && (statement as { Sid?: string }).Sid === 'ManageConnections') {
            // POST everywhere it is used; DELETE only for http-token, whose revocation closes a user's connections.
            const methods = policy.name === 'http-token-policy' ? ['DELETE'] : ['POST'];
            expect(statement.Resource).toEqual(methods.map((method) => `arn:aws:execute-api:eu-west-1:123456789012:pushgate-ws-id/${stack}/${method}/@connections/*`));
          }
          if ((statement as { Sid?: string }).Sid === 'ManageChannelConnections') {
            // The channels API's sockets only: posting frames, and deleting a refused or terminated one.
            for (const resource of statement.Resource) expect(resource, policy.name).toMatch(new RegExp(`^arn:aws:execute-api:eu-west-1:123456789012:pushgate-channels-id/${stack}/(POST|DELETE)/@connections/\\*$`));
          }
          if (statement.Action.some((action) => action.startsWith('dynamodb:')) && (statement as { Sid?: string }).Sid === 'Subscriptions') {
            // Partition reads of the subscription table are queries on the table itself (it has no index).
            expect(statement.Resource, policy.name).toEqual(['arn:aws:dynamodb:eu-west-1:123456789012:table/pushgate-subscriptions']);
          } else if (statement.Action.some((action) => action.startsWith('dynamodb:'))) {
            // Query only on the user index, every item action only on the table itself.
            const onIndex = statement.Action.includes('dynamodb:Query');
            if (onIndex) expect(statement.Action, policy.name).toEqual(['dynamodb:Query']);
            for (const resource of statement.Resource) {
              expect(resource, policy.name).toMatch(onIndex ? /^arn:aws:dynamodb:eu-west-1:123456789012:table\/pushgate-connections\/index\/userId-index$/ : /^arn:aws:dynamodb:eu-west-1:123456789012:table\/pushgate-(connections|refresh-tokens|webhook-replays)$/);
            }
          }
          if (statement.Action.includes('kms:Decrypt')) {
            expect(statement.Resource).toEqual([expect.stringMatching(/^arn:aws:mock:eu-west-1:123456789012:Key\/pushgate-secrets-key$/)]);
          }
          if (statement.Action.some((action) => action.startsWith('sqs:'))) {
            for (const resource of statement.Resource) expect(resource).toMatch(/^arn:aws:sqs:eu-west-1:123456789012:[A-Za-z0-9_-]+$/);
          }
        }
      }
    });

    it('grants each function only what it uses', async () => {
      await program;
      const actionsOf = (entrypoint: string) => {
        const policy = named('aws:iam/rolePolicy:RolePolicy', `${entrypoint}-policy`);
        return (JSON.parse(policy.inputs['policy']).Statement as { Action: string[] }[]).flatMap((statement) => statement.Action).sort();
      };
      expect(actionsOf('ws-authorizer')).toEqual(['kms:Decrypt', 'logs:CreateLogStream', 'logs:PutLogEvents', 'ssm:GetParameters']);
      expect(actionsOf('ws-connect')).toEqual(['dynamodb:PutItem', 'logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(actionsOf('http-pusher-auth')).toEqual(['kms:Decrypt', 'logs:CreateLogStream', 'logs:PutLogEvents', 'ssm:GetParameters']);
      expect(actionsOf('queue-notify-connection')).toEqual(['dynamodb:DeleteItem', 'execute-api:ManageConnections', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage']);
      expect(actionsOf('queue-notify-user')).toContain('sqs:SendMessage');
      // Connect mode: the authorizer checks tokens, so ws-message holds no key, reads no parameter, decrypts nothing.
      expect(actionsOf('ws-message')).toEqual(['dynamodb:DeleteItem', 'execute-api:ManageConnections', 'logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(Object.keys(named('aws:lambda/function:Function', 'ws-message').inputs['environment'].variables).filter((name) => name.endsWith('_PARAMETER'))).toEqual([]);
    });

    it('gives every function exactly the environment and policy its declaration in manifest/functions.ts derives', async () => {
      await program;
      expectFunctionsFollowTheirDeclarations(resources, stack, { websocketAuthMode: 'connect', pusherBridge: false, channels: 'both' });
    });

    it('keeps secrets out of function environments: only the names of SecureString parameters', async () => {
      await program;
      const secretValues = secretKeys.map((key) => config[key]!);
      for (const fn of ofType('aws:lambda/function:Function')) {
        const variables = fn.inputs['environment'].variables as Record<string, string>;
        for (const value of Object.values(variables)) for (const secret of secretValues) expect(value).not.toContain(secret);
        expect(Object.keys(variables).filter((name) => /SECRET$|SIGNING_KEYS$|MASTER_KEY_BASE64$/.test(name))).toEqual([]);
      }
      const auth = named('aws:lambda/function:Function', 'http-pusher-auth').inputs['environment'].variables;
      expect(auth).toMatchObject({ PUSHER_SECRET_PARAMETER: `/pushgate/${stack}/pusher-secret`, TOKEN_SIGNING_KEYS_PARAMETER: `/pushgate/${stack}/token-signing-keys` });
      expect(named('aws:lambda/function:Function', 'ws-connect').inputs['environment'].variables.PUSHER_SECRET_PARAMETER).toBeUndefined();
    });

    it('runs every function on nodejs24.x from its own bundle, with log retention', async () => {
      await program;
      for (const fn of ofType('aws:lambda/function:Function')) expect(fn.inputs).toMatchObject({ runtime: 'nodejs24.x', handler: 'index.handler' });
      // Lambda's own filter follows logLevel down to DEBUG (staging) and never rises above INFO, where metrics are written.
      const applicationLogLevel = config['pushgate:logLevel'] === 'DEBUG' ? 'DEBUG' : 'INFO';
      for (const fn of ofType('aws:lambda/function:Function')) expect(fn.inputs['loggingConfig']).toMatchObject({ logFormat: 'JSON', applicationLogLevel });
      for (const group of ofType('aws:cloudwatch/logGroup:LogGroup')) expect(group.inputs['retentionInDays']).toBe(expectations.logRetentionDays);
    });

    it('scopes every invoke permission to its API', async () => {
      await program;
      const permissions = ofType('aws:lambda/permission:Permission');
      expect(permissions.length).toBeGreaterThanOrEqual(9);
      for (const permission of permissions) expect(permission.inputs['sourceArn']).toMatch(/^arn:aws:execute-api:eu-west-1:123456789012:pushgate-(ws|http|channels)-id\//);
    });

    it('wires the queues for Lambda: visibility 6 × timeout, redrive after 5, partial batch failures, bounded concurrency', async () => {
      await program;
      for (const [queue, fn] of [['notify-user', 'queue-notify-user'], ['notify-connection', 'queue-notify-connection'], ['channel-fan-out', 'queue-channel-fan-out']] as const) {
        const timeout = named('aws:lambda/function:Function', fn).inputs['timeout'];
        const source = ofType('aws:sqs/queue:Queue').find((resource) => resource.name === queue)!;
        expect(source.inputs['visibilityTimeoutSeconds']).toBeGreaterThanOrEqual(6 * timeout);
        expect(JSON.parse(source.inputs['redrivePolicy']).maxReceiveCount).toBeGreaterThanOrEqual(5);
        const mapping = named('aws:lambda/eventSourceMapping:EventSourceMapping', queue);
        expect(mapping.inputs).toMatchObject({ functionResponseTypes: ['ReportBatchItemFailures'], scalingConfig: { maximumConcurrency: 10 }, batchSize: queue === 'channel-fan-out' ? 1 : 10 });
      }
    });

    it(`${expectations.protectData ? 'protects' : 'does not protect'} the tables and has ${expectations.alarms} dead-letter alarms`, async () => {
      await program;
      for (const table of ofType('aws:dynamodb/table:Table')) {
        expect(table.inputs['deletionProtectionEnabled']).toBe(expectations.protectData);
        expect(table.inputs['pointInTimeRecovery']).toEqual({ enabled: expectations.protectData });
      }
      // The deployed shapes are the ones the adapters read and write (manifest/tables.ts).
      const connections = ofType('aws:dynamodb/table:Table').find((table) => table.name.endsWith('connections'))!;
      const refreshTokens = ofType('aws:dynamodb/table:Table').find((table) => table.name.endsWith('refresh-tokens'))!;
      const { userIndex } = CONNECTION_TABLE;
      expect(connections.inputs).toMatchObject({ hashKey: CONNECTION_TABLE.partitionKey, ttl: { attributeName: CONNECTION_TABLE.ttlAttribute, enabled: true } });
      expect(connections.inputs['globalSecondaryIndexes']).toEqual([{ name: userIndex.name, hashKey: userIndex.partitionKey, rangeKey: userIndex.sortKey, projectionType: 'ALL' }]);
      expect(refreshTokens.inputs).toMatchObject({ hashKey: REFRESH_TOKEN_TABLE.partitionKey, ttl: { attributeName: REFRESH_TOKEN_TABLE.ttlAttribute, enabled: true } });
      expect(refreshTokens.inputs['globalSecondaryIndexes']).toBeUndefined();
      const webhookReplays = ofType('aws:dynamodb/table:Table').find((table) => table.name.endsWith('webhook-replays'))!;
      expect(webhookReplays.inputs).toMatchObject({ hashKey: WEBHOOK_REPLAY_TABLE.partitionKey, ttl: { attributeName: WEBHOOK_REPLAY_TABLE.ttlAttribute, enabled: true } });
      expect(ofType('aws:cloudwatch/metricAlarm:MetricAlarm')).toHaveLength(expectations.alarms);
    });

    const statementsOf = (entrypoint: string) => JSON.parse(named('aws:iam/rolePolicy:RolePolicy', `${entrypoint}-policy`).inputs['policy']).Statement as Statement[];
    const functionNames = () => ofType('aws:lambda/function:Function').map((fn) => (fn.inputs['name'] as string).replace(`pushgate-${stack}-`, ''));

    it('lets each function decrypt only its own parameters, and only through SSM in its Region', async () => {
      await program;
      let decrypting = 0;
      for (const name of functionNames()) {
        const statements = statementsOf(name);
        const decrypt = statements.find((statement) => statement.Action.includes('kms:Decrypt'));
        if (decrypt === undefined) continue;
        decrypting += 1;
        const ownParameters = statements.find((statement) => statement.Action.includes('ssm:GetParameters'))!.Resource;
        expect(decrypt.Condition, name).toEqual({ StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': ownParameters, 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } });
      }
      expect(decrypting).toBeGreaterThanOrEqual(4);
    });

    it('grants queue consumers only what the event source mapping needs: no sqs:ChangeMessageVisibility anywhere', async () => {
      await program;
      for (const name of functionNames()) expect(statementsOf(name).flatMap((statement) => statement.Action), name).not.toContain('sqs:ChangeMessageVisibility');
      for (const name of ['queue-notify-user', 'queue-notify-connection']) {
        expect(statementsOf(name).find((statement) => statement.Sid === 'ConsumeQueue')!.Action.sort()).toEqual(['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage']);
      }
    });

    it('grants dynamodb:Query on the user index alone and DeleteItem on the table alone', async () => {
      await program;
      const statements = statementsOf('queue-notify-user').filter((statement) => statement.Action.some((action) => action.startsWith('dynamodb:')));
      expect(statements.map(({ Action, Resource }) => ({ Action, Resource }))).toEqual([
        { Action: ['dynamodb:DeleteItem'], Resource: ['arn:aws:dynamodb:eu-west-1:123456789012:table/pushgate-connections'] },
        { Action: ['dynamodb:Query'], Resource: ['arn:aws:dynamodb:eu-west-1:123456789012:table/pushgate-connections/index/userId-index'] },
      ]);
    });

    it("lets API Gateway invoke ws-message only for its own routes on this stage, never for '*/*'", async () => {
      await program;
      const permissions = ofType('aws:lambda/permission:Permission');
      for (const permission of permissions) expect(permission.inputs['sourceArn'], permission.name).not.toMatch(/\/\*\/\*$/);
      const forMessage = permissions.filter((permission) => permission.inputs['function'] === `pushgate-${stack}-ws-message`);
      expect(forMessage.map((permission) => permission.inputs['sourceArn']).sort()).toEqual(
        ['$default', ...MESSAGE_ACTIONS].map((routeKey) => `arn:aws:execute-api:eu-west-1:123456789012:pushgate-ws-id/${stack}/${routeKey}`).sort(),
      );
    });

    it('sizes every queue for the heaviest NotifyConnection envelope the decoder lets through', async () => {
      await program;
      const heaviest = queuedBytesOf({ connectionId: 'c'.repeat(MAX_CONNECTION_ID_LENGTH), data: '\u0001'.repeat(MAX_NOTIFICATION_BYTES) });
      for (const queue of ofType('aws:sqs/queue:Queue')) {
        expect(queue.inputs['maxMessageSize'], queue.name).toBe(MAX_QUEUE_BATCH_BYTES);
        expect(queue.inputs['maxMessageSize'], queue.name).toBeGreaterThanOrEqual(heaviest);
      }
    });

    it(expectations.alarms > 0 ? 'notifies the alarm topic from every alarm, and refuses the YAML until its placeholder topic is replaced' : 'needs no alarm topic while alarms are off', async () => {
      await program;
      for (const alarm of ofType('aws:cloudwatch/metricAlarm:MetricAlarm')) expect(alarm.inputs).toMatchObject({ alarmActions: [ALARM_TOPIC], okActions: [ALARM_TOPIC] });
      const readAsWritten = () => readStackConfig(stack, {
        get: (key) => yaml.config[`pushgate:${key}`],
        requireSecret: (key) => pulumi.secret(yaml.config[`pushgate:${key}`]!),
        getSecret: (key) => (yaml.config[`pushgate:${key}`] === undefined ? undefined : pulumi.secret(yaml.config[`pushgate:${key}`]!)),
      });
      if (expectations.alarms > 0) expect(readAsWritten).toThrow(/pushgate:alarmTopicArn is "REPLACE-ME/);
      else expect(readAsWritten().settings.alarms).toBe(false);
    });

    it('puts the stage on the metrics of every function that writes them', async () => {
      await program;
      for (const name of ['queue-notify-user', 'queue-notify-connection']) {
        expect(named('aws:lambda/function:Function', name).inputs['environment'].variables, name).toMatchObject({ METRICS_STAGE: stack });
      }
    });
  });
}

export type { MockedResource };
