import type { WebSocketAuthMode } from '../domain/messaging/actions.ts';
import { CHANNELS_CHOICES, servesOwnChannels, usesHostedPusher, type AddressName, type ChannelsChoice, type SecretName, type SettingName } from './settings.ts';

/**
 * What each Lambda function needs — the settings and secrets it reads, the AWS resources it calls
 * and how — declared here once. The Pulumi program derives each function's environment, its secret
 * parameters and its IAM policy from this; the bundle tests prove each function works with exactly
 * these secrets and fails without any one of them.
 */
export const FUNCTION_NAMES = [
  'ws-authorizer',
  'ws-connect',
  'ws-disconnect',
  'ws-message',
  'http-token',
  'http-pusher-auth',
  'http-pusher-user-auth',
  'http-pusher-webhook',
  'queue-notify-user',
  'queue-notify-connection',
  'channels-connect',
  'channels-handshake',
  'channels-message',
  'channels-disconnect',
  'queue-channel-fan-out',
  'http-pusher-api',
  'queue-app-webhooks',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Lambda's own limits on a function's name. */
export const FUNCTION_NAME_LIMIT = { maxLength: 64, pattern: /^[A-Za-z0-9_-]+$/ } as const;

/** The name a function is deployed under: the stack's name is part of it. */
export function deployedFunctionName(stack: string, name: FunctionName): string {
  return `pushgate-${stack}-${name}`;
}

/** The stack settings that change what a function needs. */
export interface StackChoices {
  readonly websocketAuthMode: WebSocketAuthMode;
  readonly pusherBridge: boolean;
  readonly channels: ChannelsChoice;
}

/** The functions of pushgate's own channels: deployed only on a stack that serves them. */
export const CHANNEL_FUNCTIONS: ReadonlySet<FunctionName> = new Set(['channels-connect', 'channels-handshake', 'channels-message', 'channels-disconnect', 'queue-channel-fan-out', 'http-pusher-api', 'queue-app-webhooks']);

/** The functions a stack with these choices deploys. */
export function deployedFunctions(choices: StackChoices): readonly FunctionName[] {
  return FUNCTION_NAMES.filter((name) => servesOwnChannels(choices.channels) || !CHANNEL_FUNCTIONS.has(name));
}

export type DynamoDbAction = 'dynamodb:GetItem' | 'dynamodb:PutItem' | 'dynamodb:UpdateItem' | 'dynamodb:DeleteItem' | 'dynamodb:Query' | 'dynamodb:Scan' | 'dynamodb:BatchGetItem' | 'dynamodb:BatchWriteItem';
export type ConnectionMethod = 'POST' | 'GET' | 'DELETE';

/** Access to one AWS resource, as narrow as the code's calls (`dynamodb:Query` is on the table's index only, where it has one). */
export type Grant =
  | { readonly resource: 'connectionsTable' | 'refreshTokensTable' | 'webhookReplaysTable' | 'subscriptionsTable'; readonly actions: readonly DynamoDbAction[] }
  /** `execute-api:ManageConnections` on this stage's `@connections` (the WebSocket API's, or the channels API's), for these methods only. */
  | { readonly resource: 'connections' | 'channelConnections'; readonly methods: readonly ConnectionMethod[] }
  /** `lambda:InvokeFunction` on the handshake function, for its asynchronous invoke. */
  | { readonly resource: 'handshakeFunction'; readonly actions: readonly ['lambda:InvokeFunction'] }
  | { readonly resource: 'notifyConnectionQueue' | 'webhookEventsQueue' | 'channelFanOutQueue' | 'appWebhooksQueue'; readonly actions: readonly ['sqs:SendMessage'] };
export type GrantedResource = Grant['resource'];

/** The setting that tells a function where a resource it calls is. */
export const RESOURCE_ADDRESSES: Readonly<Record<GrantedResource, AddressName>> = {
  connectionsTable: 'connectionsTable',
  refreshTokensTable: 'refreshTokensTable',
  webhookReplaysTable: 'webhookReplaysTable',
  subscriptionsTable: 'subscriptionsTable',
  connections: 'managementEndpoint',
  channelConnections: 'channelsManagementEndpoint',
  handshakeFunction: 'channelsHandshakeFunction',
  notifyConnectionQueue: 'notifyConnectionQueueUrl',
  webhookEventsQueue: 'webhookEventsQueueUrl',
  channelFanOutQueue: 'channelFanOutQueueUrl',
  appWebhooksQueue: 'appWebhookQueueUrl',
};

export type ConsumedQueue = 'notifyUserQueue' | 'notifyConnectionQueue' | 'channelFanOutQueue' | 'appWebhooksQueue';

/**
 * Records per invocation of each queue's consumer. One for the channel fan-out: a trigger's chunks
 * arrive together, and a worker delivers its records one after the other, so ten a batch left one
 * invocation with 16 posts in flight where ten could have had 160 (bench/channel-fan-out.ts: 5.3 ×
 * the ideal at 1,000 subscribers with ten, 1.1 × with one).
 */
export const QUEUE_BATCH_SIZES: Readonly<Record<ConsumedQueue, number>> = { notifyUserQueue: 10, notifyConnectionQueue: 10, channelFanOutQueue: 1, appWebhooksQueue: 10 };
/** Invocations of one consumer at once: a burst cannot starve the account's shared API budget. */
export const CONSUMER_MAX_CONCURRENCY = 10;

export interface FunctionNeeds {
  /** Plain settings it reads; addresses come with its grants, secrets are listed apart. */
  readonly settings: readonly SettingName[];
  readonly secrets: readonly SecretName[];
  readonly grants: readonly Grant[];
  /** The queue whose records invoke it (an event source mapping, not a call from the code). */
  readonly consumes?: ConsumedQueue;
}

/** Every function's parser requires the app's id and key; Powertools reads the log level. */
const EVERY_FUNCTION: readonly SettingName[] = ['pusherAppId', 'pusherKey', 'logLevel'];
const VERIFIES_TOKENS: readonly SettingName[] = ['tokenIssuer', 'tokenAudience'];
/** Metrics carry the stage as a dimension, so two stacks in one account never add up. */
const WRITES_METRICS: readonly SettingName[] = ['metricsStage'];
const REPLIES: Grant = { resource: 'connections', methods: ['POST'] };
/** What the realtime use cases do to the subscription table: single-item writes, point reads and partition queries. */
/** The socket path's reads and writes; the batches are watchlists (a sign-in's watcher items and watched users, a sign-out's watcher items). */
const SUBSCRIPTIONS: Grant = { resource: 'subscriptionsTable', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'] };
/** Fan-out to pusher-js sockets (POST), and deleting one that must go (DELETE). */
const CHANNEL_SOCKETS: Grant = { resource: 'channelConnections', methods: ['POST', 'DELETE'] };
/** A large channel's deliveries go in chunks to the fan-out worker. */
const LARGE_CHANNELS: Grant = { resource: 'channelFanOutQueue', actions: ['sqs:SendMessage'] };
/** Whatever changes subscriptions tells the webhook worker (when `pusherWebhookUrl` is set). */
const WEBHOOK_SIGNALS: Grant = { resource: 'appWebhooksQueue', actions: ['sqs:SendMessage'] };
const SIGNALS_WEBHOOKS: readonly SettingName[] = ['pusherWebhookUrl'];
/** Whoever removes a subscription (a leave, a disconnect, a socket a delivery found gone) announces the new count when this is on. */
const COUNTS_SUBSCRIPTIONS: readonly SettingName[] = ['subscriptionCountEvents'];

const DECLARATIONS: Readonly<Record<FunctionName, (choices: StackChoices) => Omit<FunctionNeeds, 'settings'> & { readonly settings?: readonly SettingName[] }>> = {
  'ws-authorizer': () => ({ settings: VERIFIES_TOKENS, secrets: ['tokenSigningKeys'], grants: [] }),
  'ws-connect': () => ({ secrets: [], grants: [{ resource: 'connectionsTable', actions: ['dynamodb:PutItem'] }] }),
  'ws-disconnect': () => ({ secrets: [], grants: [{ resource: 'connectionsTable', actions: ['dynamodb:DeleteItem'] }] }),
  // In connect mode the authorizer checked the token: ws-message verifies none, and holds no key.
  'ws-message': ({ websocketAuthMode }) =>
    websocketAuthMode === 'connect'
      ? { settings: ['websocketAuthMode'], secrets: [], grants: [{ resource: 'connectionsTable', actions: ['dynamodb:DeleteItem'] }, REPLIES] }
      : {
          settings: ['websocketAuthMode', ...VERIFIES_TOKENS],
          secrets: ['tokenSigningKeys'],
          grants: [{ resource: 'connectionsTable', actions: ['dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'] }, REPLIES],
        },
  'http-token': ({ channels }) => ({
    // Revoking a user also ends their pusher-js sockets: on hosted Pusher (terminate_connections, hence
    // pusherCluster) and on the stack's own channels (the sockets signed in as them, then DeleteConnection).
    settings: [...VERIFIES_TOKENS, 'accessTokenTtlSeconds', 'maxAccessTokenTtlSeconds', 'refreshTokenTtlSeconds', 'refreshFamilyMaxSeconds', 'channels', ...(usesHostedPusher(channels) ? (['pusherCluster'] as const) : [])],
    secrets: ['pusherSecret', 'tokenSigningKeys'],
    grants: [
      { resource: 'refreshTokensTable', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] },
      // POST /token/revoke with a user_id closes that user's connections: find them, then DeleteConnection.
      { resource: 'connectionsTable', actions: ['dynamodb:Query'] },
      { resource: 'connections', methods: ['DELETE'] },
      // On the stack's own channels: the user's sockets (GetItem: their online item), the mark that refuses their sign-in for a minute (PutItem).
      ...(servesOwnChannels(channels) ? ([{ resource: 'subscriptionsTable', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'] }, { resource: 'channelConnections', methods: ['DELETE'] }] as const) : []),
    ],
  }),
  'http-pusher-auth': () => ({ settings: VERIFIES_TOKENS, secrets: ['pusherSecret', 'tokenSigningKeys', 'pusherEncryptionMasterKeyBase64'], grants: [] }),
  'http-pusher-user-auth': () => ({ settings: VERIFIES_TOKENS, secrets: ['pusherSecret', 'tokenSigningKeys'], grants: [] }),
  'http-pusher-webhook': () => ({
    // The key and the secret check a webhook's signature (node:crypto); no Pusher client, so no cluster.
    settings: [],
    secrets: ['pusherSecret'],
    // PutItem records each webhook once (a conditional write); DeleteItem forgets one that could not be handed on.
    grants: [{ resource: 'webhookEventsQueue', actions: ['sqs:SendMessage'] }, { resource: 'webhookReplaysTable', actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'] }],
  }),
  // The bridge sends each notification to the user's pusher-js clients: through hosted Pusher, and/or
  // straight to `#server-to-user-<id>` on the stack's own channels (a publish, as the HTTP API makes one).
  'queue-notify-user': ({ pusherBridge, channels }) => {
    const toHosted = pusherBridge && usesHostedPusher(channels);
    const toOwn = pusherBridge && servesOwnChannels(channels);
    return {
      settings: [
        ...WRITES_METRICS, 'fanOutDirectLimit', 'fanOutConcurrency', 'registryPageSize', 'pusherBridge',
        ...(pusherBridge ? (['pusherBridgeEvent', 'channels'] as const) : []),
        ...(toOwn ? [...SIGNALS_WEBHOOKS, ...COUNTS_SUBSCRIPTIONS] : []),
        ...(toHosted ? (['pusherCluster'] as const) : []),
      ],
      secrets: toHosted ? ['pusherSecret'] : [],
      grants: [
        { resource: 'connectionsTable', actions: ['dynamodb:Query', 'dynamodb:DeleteItem'] },
        REPLIES,
        { resource: 'notifyConnectionQueue', actions: ['sqs:SendMessage'] },
        // A gone socket is forgotten: off its channels, signed out (its watcher items in a batch, its user's watchers told and checked again).
        ...(toOwn ? ([{ resource: 'subscriptionsTable', actions: ['dynamodb:Query', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'] }, { resource: 'channelConnections', methods: ['POST'] }, LARGE_CHANNELS, WEBHOOK_SIGNALS] as const) : []),
      ],
      consumes: 'notifyUserQueue',
    };
  },
  'queue-notify-connection': () => ({
    settings: [...WRITES_METRICS, 'fanOutConcurrency'],
    secrets: [],
    grants: [{ resource: 'connectionsTable', actions: ['dynamodb:DeleteItem'] }, REPLIES],
    consumes: 'notifyConnectionQueue',
  }),
  // The channels API: the connect function stores nothing (the socket id is the connection id) and only hands the greeting on.
  'channels-connect': () => ({ secrets: [], grants: [{ resource: 'handshakeFunction', actions: ['lambda:InvokeFunction'] }] }),
  'channels-handshake': () => ({ settings: ['activityTimeoutSeconds'], secrets: [], grants: [CHANNEL_SOCKETS] }),
  // A client event takes a place in its socket's window (UpdateItem); a cache channel's subscriber reads its last event (GetItem).
  'channels-message': () => ({ settings: [...COUNTS_SUBSCRIPTIONS, ...SIGNALS_WEBHOOKS, 'clientEventsPerSecond'], secrets: ['pusherSecret'], grants: [SUBSCRIPTIONS, CHANNEL_SOCKETS, LARGE_CHANNELS, WEBHOOK_SIGNALS] }),
  'channels-disconnect': () => ({ settings: [...COUNTS_SUBSCRIPTIONS, ...SIGNALS_WEBHOOKS], secrets: [], grants: [SUBSCRIPTIONS, CHANNEL_SOCKETS, LARGE_CHANNELS, WEBHOOK_SIGNALS] }),
  // A chunk per record: posts to the channels API's sockets; a gone socket's subscriptions and presence are removed, its departures announced inline.
  'queue-channel-fan-out': () => ({
    settings: [...WRITES_METRICS, ...COUNTS_SUBSCRIPTIONS, ...SIGNALS_WEBHOOKS],
    secrets: [],
    grants: [SUBSCRIPTIONS, CHANNEL_SOCKETS, LARGE_CHANNELS, WEBHOOK_SIGNALS],
    consumes: 'channelFanOutQueue',
  }),
  'http-pusher-api': () => ({
    settings: [...COUNTS_SUBSCRIPTIONS, ...SIGNALS_WEBHOOKS],
    secrets: ['pusherSecret'],
    grants: [
      // Query: a channel's subscribers, its members, a gone socket's watchers; GetItem: a user's sockets (their
      // online item); Scan: the channel list. A socket found gone on the way is forgotten (DeleteItem, and
      // UpdateItem on its presence and online items). PutItem: a cache channel's last event, and the mark
      // terminate_connections leaves on the user. The batches: a gone socket's watcher items, and its user's online status checked again.
      { resource: 'subscriptionsTable', actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'] },
      // POST delivers events; DELETE is terminate_connections.
      { resource: 'channelConnections', methods: ['POST', 'DELETE'] },
      LARGE_CHANNELS,
      WEBHOOK_SIGNALS,
    ],
  }),
  // Reads occupancy and presence, and what the app was last told (items in the same table); posts to the app.
  'queue-app-webhooks': () => ({
    settings: [...WRITES_METRICS, ...SIGNALS_WEBHOOKS, ...COUNTS_SUBSCRIPTIONS],
    secrets: ['pusherSecret'],
    grants: [{ resource: 'subscriptionsTable', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'] }],
    consumes: 'appWebhooksQueue',
  }),
};

/** What `name` needs on a stack with these choices. */
export function needsOf(name: FunctionName, choices: StackChoices): FunctionNeeds {
  const declared = DECLARATIONS[name](choices);
  return { ...declared, settings: [...EVERY_FUNCTION, ...(declared.settings ?? [])] };
}

/** Every setting whose variable reaches the function: its own, its secrets and its resources' addresses. */
export function settingsReadBy(needs: FunctionNeeds): SettingName[] {
  const addresses = needs.grants.map((grant) => RESOURCE_ADDRESSES[grant.resource]);
  return [...new Set<SettingName>([...needs.settings, ...needs.secrets, ...addresses])];
}

/** Every combination of the choices, for documentation and tests. */
export const ALL_STACK_CHOICES: readonly StackChoices[] = (['connect', 'action'] as const).flatMap((websocketAuthMode) =>
  [false, true].flatMap((pusherBridge) => CHANNELS_CHOICES.map((channels) => ({ websocketAuthMode, pusherBridge, channels }))),
);
