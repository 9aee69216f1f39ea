// The Pulumi program: `pulumi up --stack staging|production` deploys all of pushgate.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import os from 'node:os';
import path from 'node:path';
import { ApiGatewayLoggingRole } from './components/api-gateway-logging-role.ts';
import { DataTables } from './components/data-tables.ts';
import { HttpApi } from './components/http-api.ts';
import { PushgateFunction } from './components/pushgate-function.ts';
import { QueueWithDeadLetter } from './components/queues.ts';
import { SecretParameters } from './components/secrets.ts';
import { WebSocketApi } from './components/websocket-api.ts';
import { pulumiConfigSource, readStackConfig, type StackConfig } from './config.ts';
import { bundleEntrypoint, type LambdaEntrypoint } from './lambda-bundles.ts';
import {
  decryptSecretsStatement,
  DYNAMODB_ACTIONS,
  dynamoDbStatement,
  manageConnectionsStatement,
  readParametersStatement,
  sqsConsumeStatement,
  sqsSendStatement,
  type PolicyStatement,
} from './policies.ts';

const stack = pulumi.getStack();
const config: StackConfig = readStackConfig(stack, pulumiConfigSource());
const region = aws.getRegionOutput().name;

/** Function timeouts; queue visibility is six times the consumer's, as AWS advises. */
const TIMEOUTS = { api: 10, notifyUser: 60, notifyConnection: 30 } as const;
const MAX_RECEIVE_COUNT = 5;

const tables = new DataTables('pushgate', { protectData: config.protectData });
const secrets = new SecretParameters('pushgate-secrets', config.secrets);
const queueDefaults = { maxReceiveCount: MAX_RECEIVE_COUNT, alarm: config.alarms, alarmTopicArn: config.alarmTopicArn };
const notifyUser = new QueueWithDeadLetter('notify-user', { visibilityTimeoutSeconds: 6 * TIMEOUTS.notifyUser, ...queueDefaults });
const notifyConnection = new QueueWithDeadLetter('notify-connection', { visibilityTimeoutSeconds: 6 * TIMEOUTS.notifyConnection, ...queueDefaults });
const webhookEvents = new QueueWithDeadLetter('pusher-webhook-events', { visibilityTimeoutSeconds: 60, ...queueDefaults });

// Bundled here, so `pulumi up` needs no separate build step.
const bundleRoot = path.join(os.tmpdir(), 'pushgate-bundles', stack);
const bundles = new Map<LambdaEntrypoint, ReturnType<typeof bundleEntrypoint>>();
const bundleOf = (entrypoint: LambdaEntrypoint) => {
  if (!bundles.has(entrypoint)) bundles.set(entrypoint, bundleEntrypoint(entrypoint, bundleRoot));
  return bundles.get(entrypoint)!;
};

/** What every function is told; secrets only as the names of their parameters, and only where used. */
const sharedEnvironment: Record<string, pulumi.Input<string>> = {
  PUSHER_APP_ID: config.pusher.appId,
  PUSHER_KEY: config.pusher.key,
  PUSHER_CLUSTER: config.pusher.cluster,
  TOKEN_ISSUER: config.tokens.issuer,
  TOKEN_AUDIENCE: config.tokens.audience,
  ACCESS_TOKEN_TTL_SECONDS: String(config.tokens.accessTokenTtlSeconds),
  MAX_ACCESS_TOKEN_TTL_SECONDS: String(config.tokens.maxAccessTokenTtlSeconds),
  REFRESH_TOKEN_TTL_SECONDS: String(config.tokens.refreshTokenTtlSeconds),
  WEBSOCKET_AUTH_MODE: config.websocketAuthMode,
  FAN_OUT_DIRECT_LIMIT: String(config.fanOut.directLimit),
  FAN_OUT_CONCURRENCY: String(config.fanOut.concurrency),
  PUSHER_BRIDGE: config.pusherBridge ? 'on' : 'off',
  POWERTOOLS_LOG_LEVEL: config.logLevel,
  POWERTOOLS_METRICS_NAMESPACE: 'pushgate',
};

type Secret = 'pusherSecret' | 'tokenSigningKeys' | 'pusherEncryptionMasterKey';
const secretParameters: Record<Secret, { variable: string; parameter: aws.ssm.Parameter | undefined }> = {
  pusherSecret: { variable: 'PUSHER_SECRET_PARAMETER', parameter: secrets.pusherSecret },
  tokenSigningKeys: { variable: 'TOKEN_SIGNING_KEYS_PARAMETER', parameter: secrets.tokenSigningKeys },
  pusherEncryptionMasterKey: { variable: 'PUSHER_ENCRYPTION_MASTER_KEY_BASE64_PARAMETER', parameter: secrets.pusherEncryptionMasterKey },
};

function lambda(entrypoint: LambdaEntrypoint, needs: { secrets?: Secret[]; environment?: Record<string, pulumi.Input<string>>; statements?: PolicyStatement[]; timeoutSeconds?: number }): aws.lambda.Function {
  const used = (needs.secrets ?? []).map((secret) => secretParameters[secret]).filter((entry) => entry.parameter !== undefined);
  const statements = [...(needs.statements ?? [])];
  if (used.length > 0) statements.push(readParametersStatement(used.map((entry) => entry.parameter!.arn)), decryptSecretsStatement(secrets.key.arn));
  return new PushgateFunction(entrypoint, {
    entrypoint,
    bundle: bundleOf(entrypoint),
    memoryMb: config.lambdaMemoryMb,
    timeoutSeconds: needs.timeoutSeconds ?? TIMEOUTS.api,
    logRetentionDays: config.logRetentionDays,
    environment: { ...sharedEnvironment, ...Object.fromEntries(used.map((entry) => [entry.variable, entry.parameter!.name])), ...needs.environment },
    statements,
  }).function;
}

const connectionsArn = tables.connections.arn;
const connectionsTable = { CONNECTIONS_TABLE: tables.connections.name };

const loggingRole = config.manageApiGatewayLoggingRole ? new ApiGatewayLoggingRole('pushgate-apigateway-logs') : undefined;

const websocketApi = new WebSocketApi('pushgate-ws', {
  stageName: stack,
  authMode: config.websocketAuthMode,
  throttling: config.throttling,
  logRetentionDays: config.logRetentionDays,
  functions: ({ executionArn, managementEndpoint }) => ({
    authorizer: lambda('ws-authorizer', { secrets: ['tokenSigningKeys'] }),
    connect: lambda('ws-connect', { environment: connectionsTable, statements: [dynamoDbStatement('Connections', DYNAMODB_ACTIONS.connect, connectionsArn)] }),
    disconnect: lambda('ws-disconnect', { environment: connectionsTable, statements: [dynamoDbStatement('Connections', DYNAMODB_ACTIONS.disconnect, connectionsArn)] }),
    message: lambda('ws-message', {
      secrets: ['tokenSigningKeys'],
      environment: { ...connectionsTable, MANAGEMENT_ENDPOINT: managementEndpoint },
      statements: [dynamoDbStatement('Connections', DYNAMODB_ACTIONS.message, connectionsArn), manageConnectionsStatement(executionArn, stack, ['POST'])],
    }),
  }),
}, loggingRole === undefined ? {} : { dependsOn: [loggingRole] });
const manageConnections = manageConnectionsStatement(websocketApi.api.executionArn, stack, ['POST']);

const httpToken = lambda('http-token', {
  secrets: ['pusherSecret', 'tokenSigningKeys'],
  environment: { REFRESH_TOKENS_TABLE: tables.refreshTokens.name },
  statements: [dynamoDbStatement('RefreshTokens', DYNAMODB_ACTIONS.refreshTokens, tables.refreshTokens.arn)],
});
const httpPusherAuth = lambda('http-pusher-auth', { secrets: ['pusherSecret', 'tokenSigningKeys', 'pusherEncryptionMasterKey'] });
const httpPusherUserAuth = lambda('http-pusher-user-auth', { secrets: ['pusherSecret', 'tokenSigningKeys'] });
const httpPusherWebhook = lambda('http-pusher-webhook', {
  secrets: ['pusherSecret'],
  environment: { WEBHOOK_EVENTS_QUEUE_URL: webhookEvents.queue.url },
  statements: [sqsSendStatement('WebhookEvents', webhookEvents.queue.arn)],
});

const httpApi = new HttpApi('pushgate-http', {
  routes: [
    { routeKey: 'POST /token', function: httpToken },
    { routeKey: 'POST /pusher/auth', function: httpPusherAuth },
    { routeKey: 'GET /pusher/auth', function: httpPusherAuth },
    { routeKey: 'POST /pusher/user-auth', function: httpPusherUserAuth },
    { routeKey: 'POST /pusher/webhook', function: httpPusherWebhook },
  ],
  corsOrigins: config.corsOrigins,
  throttling: config.throttling,
  logRetentionDays: config.logRetentionDays,
});

const queueNotifyUser = lambda('queue-notify-user', {
  secrets: config.pusherBridge ? ['pusherSecret'] : [],
  timeoutSeconds: TIMEOUTS.notifyUser,
  environment: { ...connectionsTable, MANAGEMENT_ENDPOINT: websocketApi.managementEndpoint, NOTIFY_CONNECTION_QUEUE_URL: notifyConnection.queue.url },
  statements: [
    dynamoDbStatement('Connections', DYNAMODB_ACTIONS.fanOut, connectionsArn, true),
    manageConnections,
    sqsSendStatement('NotifyConnection', notifyConnection.queue.arn),
    sqsConsumeStatement(notifyUser.queue.arn),
  ],
});
const queueNotifyConnection = lambda('queue-notify-connection', {
  timeoutSeconds: TIMEOUTS.notifyConnection,
  environment: { ...connectionsTable, MANAGEMENT_ENDPOINT: websocketApi.managementEndpoint },
  statements: [dynamoDbStatement('Connections', DYNAMODB_ACTIONS.deliver, connectionsArn), manageConnections, sqsConsumeStatement(notifyConnection.queue.arn)],
});

/** Partial batch failures on, and a ceiling on concurrency so a burst cannot starve the account's API budget. */
for (const [name, queue, fn] of [
  ['notify-user', notifyUser, queueNotifyUser],
  ['notify-connection', notifyConnection, queueNotifyConnection],
] as const) {
  new aws.lambda.EventSourceMapping(`${name}-events`, {
    eventSourceArn: queue.queue.arn,
    functionName: fn.arn,
    batchSize: 10,
    maximumBatchingWindowInSeconds: 0,
    functionResponseTypes: ['ReportBatchItemFailures'],
    scalingConfig: { maximumConcurrency: 10 },
  });
}

export const websocketUrl = websocketApi.url;
export const managementEndpoint = websocketApi.managementEndpoint;
export const httpApiUrl = httpApi.url;
export const notifyUserQueueUrl = notifyUser.queue.url;
export const notifyConnectionQueueUrl = notifyConnection.queue.url;
export const webhookEventsQueueUrl = webhookEvents.queue.url;
export const tableName = tables.connections.name;
export const refreshTokenTableName = tables.refreshTokens.name;
export const awsRegion = region;
