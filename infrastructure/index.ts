// The Pulumi program: `pulumi up --stack staging|production` deploys all of pushgate.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { ApiGatewayLoggingRole } from './components/api-gateway-logging-role.ts';
import { DataTables } from './components/data-tables.ts';
import { HttpApi } from './components/http-api.ts';
import { PushgateFunction } from './components/pushgate-function.ts';
import { QueueWithDeadLetter } from './components/queues.ts';
import { SecretParameters } from './components/secrets.ts';
import { ChannelsFrontDoor } from './components/channels-front-door.ts';
import { WebSocketApi } from './components/websocket-api.ts';
import { pulumiConfigSource, readStackConfig, type StackConfig } from './config.ts';
import { bundleEntrypoint, LAMBDA_ENTRYPOINTS, stackBundleRoot, type LambdaEntrypoint } from './lambda-bundles.ts';
import { grantStatements, decryptSecretsStatement, readParametersStatement, sqsConsumeStatement, type PolicyStatement } from './policies.ts';
import { CONSUMER_MAX_CONCURRENCY, deployedFunctions, needsOf, QUEUE_BATCH_SIZES, RESOURCE_ADDRESSES, type ConsumedQueue, type GrantedResource, type StackChoices } from '../manifest/functions.ts';
import { HTTP_ROUTES, type HttpFunctionName } from '../manifest/http-routes.ts';
import { parameterVariableOf, servesOwnChannels, SETTINGS, type Setting } from '../manifest/settings.ts';
import { CHANNELS_ROUTE_KEYS, CHANNELS_ROUTE_SELECTION_EXPRESSION } from '../manifest/websocket-routes.ts';

const stack = pulumi.getStack();
const config: StackConfig = readStackConfig(stack, pulumiConfigSource());
const { settings } = config;
const region = aws.getRegionOutput().region;

/** Function timeouts; queue visibility is six times the consumer's, as AWS advises. */
const API_TIMEOUT_SECONDS = 10;
const TIMEOUTS: Readonly<Record<LambdaEntrypoint, number>> = {
  ...(Object.fromEntries(LAMBDA_ENTRYPOINTS.map((name) => [name, API_TIMEOUT_SECONDS])) as Record<LambdaEntrypoint, number>),
  'queue-notify-user': 60,
  'queue-notify-connection': 30,
  // Ten chunks of 200 posts, a second or two each even throttled.
  'queue-channel-fan-out': 60,
};
const MAX_RECEIVE_COUNT = 5;

/** The settings that change what functions need (manifest/functions.ts). */
const choices: StackChoices = { websocketAuthMode: settings.websocketAuthMode, pusherBridge: settings.pusherBridge, channels: settings.channels };
/** Whether this stack serves pusher-js itself (the channels API and all that goes with it), or leaves channels to hosted Pusher. */
const ownChannels = servesOwnChannels(settings.channels);

const tables = new DataTables('pushgate', { protectData: settings.protectData, subscriptions: ownChannels });
const secrets = new SecretParameters('pushgate-secrets', { values: config.secrets });
const queueDefaults = { maxReceiveCount: MAX_RECEIVE_COUNT, alarm: settings.alarms, alarmTopicArn: settings.alarmTopicArn };
const notifyUser = new QueueWithDeadLetter('notify-user', { visibilityTimeoutSeconds: 6 * TIMEOUTS['queue-notify-user'], ...queueDefaults });
const notifyConnection = new QueueWithDeadLetter('notify-connection', { visibilityTimeoutSeconds: 6 * TIMEOUTS['queue-notify-connection'], ...queueDefaults });
const channelFanOut = ownChannels ? new QueueWithDeadLetter('channel-fan-out', { visibilityTimeoutSeconds: 6 * TIMEOUTS['queue-channel-fan-out'], ...queueDefaults }) : undefined;
// Webhooks out: a post that fails comes back after a minute, five times (Pusher retries for 5 minutes), then the dead-letter queue.
const appWebhooks = ownChannels ? new QueueWithDeadLetter('app-webhooks', { visibilityTimeoutSeconds: 60, ...queueDefaults }) : undefined;
const webhookEvents = new QueueWithDeadLetter('pusher-webhook-events', { visibilityTimeoutSeconds: 60, ...queueDefaults });
const consumedQueues: Partial<Record<ConsumedQueue, { readonly name: string; readonly queue: QueueWithDeadLetter }>> = {
  notifyUserQueue: { name: 'notify-user', queue: notifyUser },
  notifyConnectionQueue: { name: 'notify-connection', queue: notifyConnection },
  ...(channelFanOut === undefined ? {} : { channelFanOutQueue: { name: 'channel-fan-out', queue: channelFanOut } }),
  ...(appWebhooks === undefined ? {} : { appWebhooksQueue: { name: 'app-webhooks', queue: appWebhooks } }),
};

// Bundled here, so `pulumi up` needs no separate build step.
const bundleRoot = stackBundleRoot(stack);

/** Where each resource a function may be granted is (its address, for the environment) and its ARN. */
interface ResourceTarget {
  readonly address: pulumi.Input<string>;
  readonly arn: pulumi.Input<string>;
}
type ResourceTargets = Readonly<Partial<Record<GrantedResource, ResourceTarget>>>;

/**
 * One function, built from its declaration: its environment (the settings it reads, its secrets as
 * the names of their parameters, the addresses of its resources) and its policy (one statement per
 * grant, the secrets it reads, the queue it consumes) come from the same list, so they cannot disagree.
 */
function lambda(name: LambdaEntrypoint, targets: ResourceTargets): aws.lambda.Function {
  const needs = needsOf(name, choices);
  const environment: Record<string, pulumi.Input<string>> = { POWERTOOLS_METRICS_NAMESPACE: 'pushgate' };
  for (const setting of needs.settings) {
    const declared: Setting = SETTINGS[setting];
    const value = config.environment[setting];
    if (declared.env !== undefined && value !== undefined) environment[declared.env] = value;
  }
  const statements: PolicyStatement[] = [];
  for (const grant of needs.grants) {
    const target = targets[grant.resource];
    if (target === undefined) throw new Error(`${name} is granted ${grant.resource}, which the program did not pass it`);
    environment[SETTINGS[RESOURCE_ADDRESSES[grant.resource]].env] = target.address;
    statements.push(...grantStatements(grant, target.arn, stack));
  }
  const parameters = needs.secrets.flatMap((secret) => {
    const parameter = secrets.parameters[secret];
    return parameter === undefined ? [] : [{ secret, parameter }];
  });
  for (const { secret, parameter } of parameters) environment[parameterVariableOf(secret)] = parameter.name;
  if (parameters.length > 0) {
    const parameterArns = parameters.map(({ parameter }) => parameter.arn);
    statements.push(readParametersStatement(parameterArns), decryptSecretsStatement(secrets.key.arn, parameterArns, region));
  }
  const consumed = needs.consumes === undefined ? undefined : consumedQueues[needs.consumes];
  if (needs.consumes !== undefined && consumed === undefined) throw new Error(`${name} consumes ${needs.consumes}, which this stack does not have`);
  if (consumed !== undefined) statements.push(sqsConsumeStatement(consumed.queue.queue.arn));
  const fn = new PushgateFunction(name, {
    entrypoint: name,
    bundle: bundleEntrypoint(name, bundleRoot),
    memoryMb: settings.lambdaMemoryMb,
    timeoutSeconds: TIMEOUTS[name],
    logRetentionDays: settings.logRetentionDays,
    logLevel: settings.logLevel,
    environment,
    statements,
  }).function;
  if (consumed !== undefined && needs.consumes !== undefined) consumeQueue({ ...consumed, batchSize: QUEUE_BATCH_SIZES[needs.consumes] }, fn);
  return fn;
}

/** Partial batch failures on, and a ceiling on concurrency so a burst cannot starve the account's API budget. */
function consumeQueue({ name, queue, batchSize }: { readonly name: string; readonly queue: QueueWithDeadLetter; readonly batchSize: number }, fn: aws.lambda.Function): void {
  new aws.lambda.EventSourceMapping(`${name}-events`, {
    eventSourceArn: queue.queue.arn,
    functionName: fn.arn,
    batchSize,
    maximumBatchingWindowInSeconds: 0,
    functionResponseTypes: ['ReportBatchItemFailures'],
    scalingConfig: { maximumConcurrency: CONSUMER_MAX_CONCURRENCY },
  });
}

const stores: ResourceTargets = {
  connectionsTable: { address: tables.connections.name, arn: tables.connections.arn },
  refreshTokensTable: { address: tables.refreshTokens.name, arn: tables.refreshTokens.arn },
  webhookReplaysTable: { address: tables.webhookReplays.name, arn: tables.webhookReplays.arn },
  notifyConnectionQueue: { address: notifyConnection.queue.url, arn: notifyConnection.queue.arn },
  webhookEventsQueue: { address: webhookEvents.queue.url, arn: webhookEvents.queue.arn },
  ...(channelFanOut === undefined ? {} : { channelFanOutQueue: { address: channelFanOut.queue.url, arn: channelFanOut.queue.arn } }),
  ...(appWebhooks === undefined ? {} : { appWebhooksQueue: { address: appWebhooks.queue.url, arn: appWebhooks.queue.arn } }),
  ...(tables.subscriptions === undefined ? {} : { subscriptionsTable: { address: tables.subscriptions.name, arn: tables.subscriptions.arn } }),
};

const loggingRole = settings.manageApiGatewayLoggingRole ? new ApiGatewayLoggingRole('pushgate-apigateway-logs') : undefined;

const websocketApi = new WebSocketApi('pushgate-ws', {
  stageName: stack,
  authMode: settings.websocketAuthMode,
  throttling: config.throttling,
  logRetentionDays: settings.logRetentionDays,
  functions: ({ executionArn, managementEndpoint }) => {
    const targets: ResourceTargets = { ...stores, connections: { address: managementEndpoint, arn: executionArn } };
    return {
      authorizer: lambda('ws-authorizer', targets),
      connect: lambda('ws-connect', targets),
      disconnect: lambda('ws-disconnect', targets),
      message: lambda('ws-message', targets),
    };
  },
}, loggingRole === undefined ? {} : { dependsOn: [loggingRole] });
// The Pusher protocol, when the stack serves it: its own WebSocket API (frames select on `event`,
// answers are route responses, no authorizer) behind a CloudFront front door for `/app/<key>`.
const channelsApi = ownChannels
  ? new WebSocketApi('pushgate-channels', {
      stageName: stack,
      authMode: 'none',
      routing: { selectionExpression: CHANNELS_ROUTE_SELECTION_EXPRESSION, routeKeys: CHANNELS_ROUTE_KEYS, routeResponses: true },
      throttling: config.throttling,
      logRetentionDays: settings.logRetentionDays,
      functions: ({ executionArn, managementEndpoint }) => {
        const channelTargets: ResourceTargets = { ...stores, channelConnections: { address: managementEndpoint, arn: executionArn } };
        const handshake = lambda('channels-handshake', channelTargets);
        // A greeting retried minutes later (Lambda's default for async invokes: twice, events kept 6 h) greets no one: pusher-js gave up long before.
        new aws.lambda.FunctionEventInvokeConfig('channels-handshake-invoke', { functionName: handshake.name, maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 });
        return {
          connect: lambda('channels-connect', { ...channelTargets, handshakeFunction: { address: handshake.name, arn: handshake.arn } }),
          disconnect: lambda('channels-disconnect', channelTargets),
          message: lambda('channels-message', channelTargets),
        };
      },
    }, loggingRole === undefined ? {} : { dependsOn: [loggingRole] })
  : undefined;
const channelsFrontDoor = channelsApi === undefined ? undefined : new ChannelsFrontDoor('pushgate-channels-front', {
        apiEndpoint: channelsApi.api.apiEndpoint,
        stageName: stack,
        customDomain: settings.channelsDomain === undefined || settings.channelsCertificateArn === undefined ? undefined : { name: settings.channelsDomain, certificateArn: settings.channelsCertificateArn },
      });

const targets: ResourceTargets = {
  ...stores,
  connections: { address: websocketApi.managementEndpoint, arn: websocketApi.api.executionArn },
  ...(channelsApi === undefined ? {} : { channelConnections: { address: channelsApi.managementEndpoint, arn: channelsApi.api.executionArn } }),
};

const httpFunctions = new Map<HttpFunctionName, aws.lambda.Function>();
const httpFunction = (name: HttpFunctionName) => {
  if (!httpFunctions.has(name)) httpFunctions.set(name, lambda(name, targets));
  return httpFunctions.get(name)!;
};
const httpApi = new HttpApi('pushgate-http', {
  // The Pusher HTTP API's function calls resources no stack has yet: it and its routes wait for them.
  routes: HTTP_ROUTES.filter(({ function: name }) => deployedFunctions(choices).includes(name)).map(({ routeKey, function: name }) => ({ routeKey, function: httpFunction(name) })),
  corsOrigins: config.corsOrigins,
  throttling: config.throttling,
  logRetentionDays: settings.logRetentionDays,
});

lambda('queue-notify-user', targets);
lambda('queue-notify-connection', targets);
if (ownChannels) {
  lambda('queue-channel-fan-out', targets);
  lambda('queue-app-webhooks', targets);
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

// Channels on this stack (undefined when they are left to hosted Pusher): what pusher-js and the Pusher server SDKs are pointed at.
const httpApiHost = httpApi.url.apply((url) => new URL(url).host);
export const channelsHost = channelsFrontDoor?.host;
export const channelsDistributionDomain = channelsFrontDoor?.distributionDomain;
export const channelsManagementEndpoint = channelsApi?.managementEndpoint;
export const subscriptionsTableName = tables.subscriptions?.name;
export const pusherApiHost = ownChannels ? httpApiHost : undefined;
/** `new Pusher(key, pusherJsConfig)`: TLS only, and no fallback transports (they would go to pusher.com). */
export const pusherJsConfig =
  channelsFrontDoor === undefined
    ? undefined
    : pulumi.all([channelsFrontDoor.host, httpApiHost]).apply(([wsHost, apiHost]) => ({
        key: config.environment.pusherKey,
        // pusher-js 8 refuses options without a cluster; with wsHost set it is never used.
        cluster: 'pushgate',
        wsHost,
        wssPort: 443,
        forceTLS: true,
        enabledTransports: ['ws', 'wss'],
        disableStats: true,
        channelAuthorization: { endpoint: `https://${apiHost}/pusher/auth` },
        userAuthentication: { endpoint: `https://${apiHost}/pusher/user-auth` },
      }));
/** `new Pusher({ ...pusherServerConfig, secret })` (the `pusher` package; other SDKs take the same host). */
export const pusherServerConfig = ownChannels ? httpApiHost.apply((host) => ({ appId: config.environment.pusherAppId, key: config.environment.pusherKey, host, useTLS: true })) : undefined;
