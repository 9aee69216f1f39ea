import { DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { isPresenceChannel } from '../../../domain/channels/channel-name.ts';
import type { PresenceMember } from '../../../domain/channels/pusher-protocol.ts';
import { CONNECTION_TTL_MS } from '../../../domain/connections/connection.ts';
import type { CachedEvent, ChannelSummary, OnlineChange, Rate, SubscriptionRegistry } from '../../../domain/realtime/subscription-registry.port.ts';
import type { Clock } from '../../../domain/shared/clock.port.ts';
import { SUBSCRIPTION_TABLE } from '../../../manifest/tables.ts';
import { batchGet, batchWrite } from './batch-operations.ts';
import { isConditionalCheckFailure } from './conditional-check.ts';

export interface DynamoDbSubscriptionRegistryOptions {
  readonly clock: Clock;
  /** How long a subscription lives unless renewed; default: as long as a connection can. */
  readonly ttlMs?: number;
  /**
   * Partitions each channel's subscriber list is spread over (a partition takes 1,000 writes/s).
   * Only ever raise it: subscribers are listed from shards 0 … count − 1.
   */
  readonly shardCount?: number;
}

type Key = Record<typeof SUBSCRIPTION_TABLE.partitionKey | typeof SUBSCRIPTION_TABLE.sortKey, string>;
/** Seconds for DynamoDB's TTL sweeper, and milliseconds for reads, which filter on them because TTL deletes lag by days. */
type Expiry = Record<typeof SUBSCRIPTION_TABLE.ttlAttribute, number> & { expiresAtMs: number };

/** `socket#<id>` / `channel#<name>`: the reverse index, and the record of whether the socket is subscribed. */
type SocketItem = Key & Expiry & { channel: string; shard: number; member?: PresenceMember };
/** `channel#<name>#<shard>` / `socket#<id>`: one line of a channel's subscriber list. */
type ChannelItem = Key & Expiry & { channel: string; socketId: string; userId?: string };
/** `presence#<name>` / `user#<id>`: `socket#<id>` attributes hold each of the user's sockets' expiry (ms). */
type PresenceItem = Key & Record<string, unknown> & { userId: string; userInfo?: unknown };
/** `socket#<id>` / `signin`: who the socket signed in as, and whom it watches. */
type SignInItem = Key & Expiry & { userId: string; socketId: string; watchlist?: string[] };
/** `watchers#<user>` / `socket#<id>`: a signed-in socket whose watchlist holds the user. */
type WatcherItem = Key & Expiry & { socketId: string };
/** `cache#<channel>` / `last`: a cache channel's last event, as JSON text (a string stays a string, a value its exact shape). */
type CacheItem = Key & Expiry & { event: string };

const SOCKET = 'socket#';
const CHANNEL = 'channel#';
const PRESENCE = 'presence#';
const USER = 'user#';
const SIGN_IN = 'signin';
/**
 * `online#<user>` / `sockets`: like a presence item, `socket#<id>` attributes hold the expiry (ms) of
 * each socket signed in as the user, so one atomic update tells whether a sign-in was the first.
 */
const ONLINE = 'online#';
const WATCHERS = 'watchers#';
/** `socket#<id>` / `count`: how many subscription items the socket has, kept by atomic adds, for the per-socket limit. */
const COUNT = 'count';
/** Moves on every join and leave of a presence item, so an emptied item is deleted only if nothing joined since. */
const VERSION = 'version';
/** `terminated#<user>` / `user`: terminate_connections ended the user's sockets lately. */
const TERMINATED = 'terminated#';
const CACHE = 'cache#';
/** `rate#<key>` / `window#<index>`: the uses counted in one window, by atomic adds; TTL takes old windows away. */
const RATE = 'rate#';

/**
 * Subscriptions and presence in one DynamoDB table, with single-item writes only (no transactions):
 * a (channel, user) presence item is updated atomically per socket, and whether a member joined or
 * left is read from the values that one update returns, so concurrent functions agree.
 */
export class DynamoDbSubscriptionRegistry implements SubscriptionRegistry {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly shardCount: number;

  constructor(client: DynamoDBDocumentClient, tableName: string, options: DynamoDbSubscriptionRegistryOptions) {
    if (!Number.isInteger(options.shardCount ?? 1) || (options.shardCount ?? 1) < 1) throw new RangeError('shardCount must be a positive integer');
    this.client = client;
    this.tableName = tableName;
    this.clock = options.clock;
    this.ttlMs = options.ttlMs ?? CONNECTION_TTL_MS;
    this.shardCount = options.shardCount ?? 1;
  }

  async add(socketId: string, channel: string, member?: PresenceMember, maxChannels?: number): Promise<{ memberJoined: boolean; full?: true }> {
    const now = this.clock.now();
    const expiry: Expiry = { expiresAt: Math.ceil((now + this.ttlMs) / 1000), expiresAtMs: now + this.ttlMs };
    const shard = shardOf(socketId, this.shardCount);
    const socketItem: SocketItem = { ...socketKey(socketId, channel), ...expiry, channel, shard, ...(member === undefined ? {} : { member }) };
    const channelItem: ChannelItem = { ...channelKey(channel, shard, socketId), ...expiry, channel, socketId, ...(member === undefined ? {} : { userId: member.userId }) };
    // A new subscription takes a place under the limit first (a conditional increment: concurrent ones cannot all pass).
    const counted = (await this.liveSocketItem(socketId, channel)) === undefined;
    if (counted && !(await this.countSubscription(socketId, expiry, maxChannels))) return { memberJoined: false, full: true };
    // The reverse item first: a failure after it leaves nothing a disconnect cannot find.
    const { Attributes: previous } = await this.client.send(new PutCommand({ TableName: this.tableName, Item: socketItem, ReturnValues: 'ALL_OLD' }));
    // The item was there already (expired, or put by a concurrent subscribe to the same channel): its place was counted then.
    if (counted && previous !== undefined) await this.uncountSubscription(socketId);
    const previousMember = (previous as SocketItem | undefined)?.member;
    if (previousMember !== undefined && previousMember.userId !== member?.userId) await this.removeFromSocketSet(presenceKey(channel, previousMember.userId), socketId, now);
    const listed = this.client.send(new PutCommand({ TableName: this.tableName, Item: channelItem }));
    if (member === undefined) {
      await listed;
      return { memberJoined: false };
    }
    const [, { Attributes }] = await Promise.all([
      listed,
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: presenceKey(channel, member.userId),
          UpdateExpression: `SET #socket = :socketExpiresAtMs, #userId = :userId, #expiresAt = :expiresAt${member.userInfo === undefined ? '' : ', #userInfo = :userInfo'} ADD #version :one${member.userInfo === undefined ? ' REMOVE #userInfo' : ''}`,
          ExpressionAttributeNames: { '#socket': SOCKET + socketId, '#userId': 'userId', '#expiresAt': SUBSCRIPTION_TABLE.ttlAttribute, '#userInfo': 'userInfo', '#version': VERSION },
          ExpressionAttributeValues: { ':socketExpiresAtMs': expiry.expiresAtMs, ':userId': member.userId, ':expiresAt': expiry.expiresAt, ':one': 1, ...(member.userInfo === undefined ? {} : { ':userInfo': member.userInfo }) },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    ]);
    // Its own socket counts: subscribing again as the same user joins no one new.
    return { memberJoined: !hasLiveSocket(Attributes, now) };
  }

  async remove(socketId: string, channel: string): Promise<{ wasSubscribed: boolean; memberLeft?: PresenceMember }> {
    const now = this.clock.now();
    // Only one of several concurrent removals gets the old item back, so only one goes on.
    const { Attributes } = await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: socketKey(socketId, channel), ReturnValues: 'ALL_OLD' }));
    const removed = Attributes as SocketItem | undefined;
    if (removed === undefined) return { wasSubscribed: false };
    await Promise.all([this.client.send(new DeleteCommand({ TableName: this.tableName, Key: channelKey(channel, removed.shard, socketId) })), this.uncountSubscription(socketId)]);
    const wasSubscribed = removed.expiresAtMs > now;
    if (removed.member === undefined) return { wasSubscribed };
    const stillPresent = await this.removeFromSocketSet(presenceKey(channel, removed.member.userId), socketId, now);
    return wasSubscribed && !stillPresent ? { wasSubscribed, memberLeft: removed.member } : { wasSubscribed };
  }

  async removeSocket(socketId: string): Promise<{ channel: string; memberLeft?: PresenceMember }[]> {
    const subscriptions = await this.queryAll<SocketItem>(socketChannelsQuery(socketId));
    const outcomes = await Promise.all(subscriptions.map(async ({ channel }) => ({ channel, ...(await this.remove(socketId, channel)) })));
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: SOCKET + socketId, sk: COUNT } }));
    return outcomes.flatMap(({ channel, wasSubscribed, memberLeft }) => (!wasSubscribed ? [] : [memberLeft === undefined ? { channel } : { channel, memberLeft }]));
  }

  async isSubscribed(socketId: string, channel: string): Promise<boolean> {
    return (await this.liveSocketItem(socketId, channel)) !== undefined;
  }

  async subscriptionCount(socketId: string): Promise<number> {
    const query = socketChannelsQuery(socketId);
    const live = this.liveOnly();
    return (await this.queryAll<SocketItem>({ ...query, FilterExpression: live.FilterExpression, ExpressionAttributeNames: { ...query.ExpressionAttributeNames, ...live.ExpressionAttributeNames }, ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ...live.ExpressionAttributeValues } })).length;
  }

  async subscribers(channel: string): Promise<string[]> {
    const shards = Array.from({ length: this.shardCount }, (_, shard) => shard);
    const perShard = await Promise.all(
      shards.map((shard) => this.queryAll<ChannelItem>({ ...this.liveOnly(), KeyConditionExpression: '#pk = :pk', ExpressionAttributeValues: { ...this.liveOnly().ExpressionAttributeValues, ':pk': channelPartition(channel, shard) } })),
    );
    return perShard.flat().map((item) => item.socketId);
  }

  async members(channel: string): Promise<PresenceMember[]> {
    const now = this.clock.now();
    const items = await this.queryAll<PresenceItem>({ KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': SUBSCRIPTION_TABLE.partitionKey }, ExpressionAttributeValues: { ':pk': PRESENCE + channel } });
    return items.filter((item) => hasLiveSocket(item, now)).map((item) => (item.userInfo === undefined ? { userId: item.userId } : { userId: item.userId, userInfo: item.userInfo }));
  }

  async memberOf(socketId: string, channel: string): Promise<PresenceMember | undefined> {
    return (await this.liveSocketItem(socketId, channel))?.member;
  }

  /** Reads the whole table (filtered): for the Pusher API's channel list, never on a socket's path. */
  async channels(): Promise<ChannelSummary[]> {
    const live = this.liveOnly();
    const items = await this.pages<ChannelItem>((startKey) =>
      this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: `begins_with(#pk, :channelPrefix) AND ${live.FilterExpression}`,
          ExpressionAttributeNames: { ...live.ExpressionAttributeNames, '#pk': SUBSCRIPTION_TABLE.partitionKey },
          ExpressionAttributeValues: { ...live.ExpressionAttributeValues, ':channelPrefix': CHANNEL },
          ConsistentRead: true,
          ...startFrom(startKey),
        } satisfies ScanCommandInput),
      ),
    );
    const byChannel = new Map<string, { sockets: number; users: Set<string> }>();
    for (const item of items) {
      const summary = byChannel.get(item.channel) ?? { sockets: 0, users: new Set<string>() };
      summary.sockets += 1;
      if (item.userId !== undefined) summary.users.add(item.userId);
      byChannel.set(item.channel, summary);
    }
    return [...byChannel].map(([name, { sockets, users }]) => (isPresenceChannel(name) ? { name, subscriptionCount: sockets, userCount: users.size } : { name, subscriptionCount: sockets }));
  }

  async signIn(socketId: string, userId: string, watchlist: readonly string[] = []): Promise<OnlineChange> {
    const now = this.clock.now();
    const expiry = this.expiryIn(this.ttlMs);
    const item: SignInItem = { ...signInKey(socketId), ...expiry, userId, socketId, ...(watchlist.length === 0 ? {} : { watchlist: [...watchlist] }) };
    const { Attributes } = await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ReturnValues: 'ALL_OLD' }));
    const previous = Attributes as SignInItem | undefined;
    const [left, { Attributes: before }] = await Promise.all([
      previous === undefined || previous.userId === userId ? undefined : this.leaveOnline(previous, socketId, now),
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: onlineKey(userId),
          UpdateExpression: 'SET #socket = :socketExpiresAtMs, #expiresAt = :expiresAt ADD #version :one',
          ExpressionAttributeNames: { '#socket': SOCKET + socketId, '#expiresAt': SUBSCRIPTION_TABLE.ttlAttribute, '#version': VERSION },
          ExpressionAttributeValues: { ':socketExpiresAtMs': expiry.expiresAtMs, ':expiresAt': expiry.expiresAt, ':one': 1 },
          ReturnValues: 'ALL_OLD',
        }),
      ),
      this.unwatch(socketId, (previous?.watchlist ?? []).filter((watched) => !watchlist.includes(watched))),
    ]);
    await batchWrite(this.client, this.tableName, watchlist.map((watched) => ({ PutRequest: { Item: { pk: WATCHERS + watched, sk: SOCKET + socketId, ...expiry, socketId } satisfies WatcherItem } })));
    // A socket signing in again as its user, alone, reports it online again: a repeat, where a retried
    // sign-in whose first try failed half-way would otherwise never announce it.
    return { ...(!hasLiveSocket(before, now, socketId) ? { cameOnline: userId } : {}), ...left };
  }

  async signedInUser(socketId: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: signInKey(socketId), ConsistentRead: true }));
    const item = Item as SignInItem | undefined;
    return item !== undefined && item.expiresAtMs > this.clock.now() ? item.userId : undefined;
  }

  async socketsSignedInAs(userId: string): Promise<string[]> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: onlineKey(userId), ConsistentRead: true }));
    const now = this.clock.now();
    return Object.entries(Item ?? {}).flatMap(([name, expiresAtMs]) => (name.startsWith(SOCKET) && typeof expiresAtMs === 'number' && expiresAtMs > now ? [name.slice(SOCKET.length)] : []));
  }

  async onlineAmong(userIds: readonly string[]): Promise<string[]> {
    const now = this.clock.now();
    const items = await batchGet(this.client, this.tableName, [...new Set(userIds)].map(onlineKey));
    const online = new Set(items.filter((item) => hasLiveSocket(item, now)).map((item) => String(item[SUBSCRIPTION_TABLE.partitionKey]).slice(ONLINE.length)));
    return userIds.filter((userId) => online.has(userId));
  }

  async watchersOf(userId: string): Promise<string[]> {
    const live = this.liveOnly();
    const items = await this.queryAll<WatcherItem>({ ...live, KeyConditionExpression: '#pk = :pk', ExpressionAttributeValues: { ...live.ExpressionAttributeValues, ':pk': WATCHERS + userId } });
    return items.map((item) => item.socketId);
  }

  async signOut(socketId: string): Promise<OnlineChange> {
    const { Attributes } = await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: signInKey(socketId), ReturnValues: 'ALL_OLD' }));
    const previous = Attributes as SignInItem | undefined;
    if (previous === undefined) return {};
    const [left] = await Promise.all([this.leaveOnline(previous, socketId, this.clock.now()), this.unwatch(socketId, previous.watchlist ?? [])]);
    return left;
  }

  async markTerminated(userId: string, forMs: number): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: TERMINATED + userId, sk: 'user', ...this.expiryIn(forMs) } }));
  }

  async wasTerminated(userId: string): Promise<boolean> {
    return (await this.liveItem({ pk: TERMINATED + userId, sk: 'user' })) !== undefined;
  }

  async cacheEvent(channel: string, event: CachedEvent, ttlMs: number): Promise<void> {
    const item: CacheItem = { pk: CACHE + channel, sk: 'last', ...this.expiryIn(ttlMs), event: JSON.stringify({ event: event.event, data: event.data ?? null }) };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async cachedEvent(channel: string): Promise<CachedEvent | undefined> {
    const item = (await this.liveItem({ pk: CACHE + channel, sk: 'last' })) as CacheItem | undefined;
    return item === undefined ? undefined : (JSON.parse(item.event) as CachedEvent);
  }

  /** One conditional increment: the update that would pass the limit fails instead, whichever function makes it. */
  async admit(key: string, rate: Rate): Promise<boolean> {
    if (rate.limit < 1) return false;
    const window = Math.floor(this.clock.now() / rate.windowMs);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: RATE + key, sk: `window#${window}` },
          UpdateExpression: 'ADD #uses :one SET #expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(#uses) OR #uses < :limit',
          ExpressionAttributeNames: { '#uses': 'uses', '#expiresAt': SUBSCRIPTION_TABLE.ttlAttribute },
          ExpressionAttributeValues: { ':one': 1, ':limit': rate.limit, ':expiresAt': Math.ceil(((window + 1) * rate.windowMs) / 1000) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  /** The socket is no longer signed in as `signIn.userId`: `wentOffline` when it was that user's last (and the sign-in had not expired). */
  private async leaveOnline(signIn: SignInItem, socketId: string, now: number): Promise<OnlineChange> {
    const othersLeft = await this.removeFromSocketSet(onlineKey(signIn.userId), socketId, now);
    return signIn.expiresAtMs > now && !othersLeft ? { wentOffline: signIn.userId } : {};
  }

  private async unwatch(socketId: string, watched: readonly string[]): Promise<void> {
    await batchWrite(this.client, this.tableName, watched.map((userId) => ({ DeleteRequest: { Key: { pk: WATCHERS + userId, sk: SOCKET + socketId } } })));
  }

  /** Takes one place under `maxChannels` (any number without it); false when none is left. */
  private async countSubscription(socketId: string, expiry: Expiry, maxChannels: number | undefined): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: SOCKET + socketId, sk: COUNT },
          UpdateExpression: 'ADD #count :one SET #expiresAt = :expiresAt',
          ...(maxChannels === undefined ? {} : { ConditionExpression: 'attribute_not_exists(#count) OR #count < :max' }),
          ExpressionAttributeNames: { '#count': COUNT, '#expiresAt': SUBSCRIPTION_TABLE.ttlAttribute },
          ExpressionAttributeValues: { ':one': 1, ':expiresAt': expiry.expiresAt, ...(maxChannels === undefined ? {} : { ':max': maxChannels }) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  private async uncountSubscription(socketId: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: SOCKET + socketId, sk: COUNT },
        UpdateExpression: 'ADD #count :minusOne',
        ConditionExpression: 'attribute_exists(#count)',
        ExpressionAttributeNames: { '#count': COUNT },
        ExpressionAttributeValues: { ':minusOne': -1 },
      }),
    ).catch((error: unknown) => {
      // Counted by nobody (a socket forgotten meanwhile): nothing to give back.
      if (!isConditionalCheckFailure(error)) throw error;
    });
  }

  /**
   * Drops the socket from a socket-set item (a user's presence on a channel, or their sign-ins);
   * whether any other live socket is left there. When none is, the item goes too, unless a join
   * changed it meanwhile (its version moved).
   */
  private async removeFromSocketSet(key: Key, socketId: string, now: number): Promise<boolean> {
    let remaining: Record<string, unknown> | undefined;
    try {
      ({ Attributes: remaining } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'REMOVE #socket ADD #version :one',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#socket': SOCKET + socketId, '#pk': SUBSCRIPTION_TABLE.partitionKey, '#version': VERSION },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      ));
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
    if (hasLiveSocket(remaining, now)) return true;
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: '#version = :seen',
          ExpressionAttributeNames: { '#version': VERSION },
          ExpressionAttributeValues: { ':seen': remaining?.[VERSION] },
        }),
      );
    } catch (error) {
      // A socket of the user joined after our update: the item is theirs now.
      if (!isConditionalCheckFailure(error)) throw error;
    }
    return false;
  }

  private async liveSocketItem(socketId: string, channel: string): Promise<SocketItem | undefined> {
    return (await this.liveItem(socketKey(socketId, channel))) as SocketItem | undefined;
  }

  /** The item unless it is past its expiry (TTL deletes lag by days). */
  private async liveItem(key: Key): Promise<(Key & Expiry) | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    const item = Item as (Key & Expiry) | undefined;
    return item !== undefined && item.expiresAtMs > this.clock.now() ? item : undefined;
  }

  private expiryIn(ms: number): Expiry {
    const expiresAtMs = this.clock.now() + ms;
    return { expiresAt: Math.ceil(expiresAtMs / 1000), expiresAtMs };
  }

  private liveOnly() {
    return { FilterExpression: '#expiresAtMs > :now', ExpressionAttributeNames: { '#expiresAtMs': 'expiresAtMs', '#pk': SUBSCRIPTION_TABLE.partitionKey }, ExpressionAttributeValues: { ':now': this.clock.now() } as Record<string, unknown> };
  }

  private queryAll<T>(query: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
    return this.pages<T>((startKey) => this.client.send(new QueryCommand({ TableName: this.tableName, ConsistentRead: true, ...query, ...startFrom(startKey) })));
  }

  private async pages<T>(read: (startKey: Record<string, unknown> | undefined) => Promise<{ Items?: Record<string, unknown>[] | undefined; LastEvaluatedKey?: Record<string, unknown> | undefined }>): Promise<T[]> {
    const items: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await read(startKey);
      items.push(...((page.Items ?? []) as T[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  }
}

function socketKey(socketId: string, channel: string): Key {
  return { pk: SOCKET + socketId, sk: CHANNEL + channel };
}

/** A socket's partition holds its subscriptions (`channel#…`) and its sign-in: listing channels reads only the first. */
function socketChannelsQuery(socketId: string) {
  return {
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :channelPrefix)',
    ExpressionAttributeNames: { '#pk': SUBSCRIPTION_TABLE.partitionKey, '#sk': SUBSCRIPTION_TABLE.sortKey } as Record<string, string>,
    ExpressionAttributeValues: { ':pk': SOCKET + socketId, ':channelPrefix': CHANNEL } as Record<string, unknown>,
  };
}

function signInKey(socketId: string): Key {
  return { pk: SOCKET + socketId, sk: SIGN_IN };
}

function onlineKey(userId: string): Key {
  return { pk: ONLINE + userId, sk: 'sockets' };
}

/** The shard is a digit string at the end, so no two (channel, shard) pairs share a partition. */
function channelPartition(channel: string, shard: number): string {
  return `${CHANNEL}${channel}#${shard}`;
}

function channelKey(channel: string, shard: number, socketId: string): Key {
  return { pk: channelPartition(channel, shard), sk: SOCKET + socketId };
}

function presenceKey(channel: string, userId: string): Key {
  return { pk: PRESENCE + channel, sk: USER + userId };
}

function startFrom(startKey: Record<string, unknown> | undefined): { ExclusiveStartKey?: Record<string, unknown> } {
  return startKey === undefined ? {} : { ExclusiveStartKey: startKey };
}

/** Whether a socket-set item (presence, online) holds an unexpired socket other than `except`. */
function hasLiveSocket(item: Record<string, unknown> | undefined, now: number, except?: string): boolean {
  return Object.entries(item ?? {}).some(([name, expiresAtMs]) => name.startsWith(SOCKET) && (except === undefined || name !== SOCKET + except) && typeof expiresAtMs === 'number' && expiresAtMs > now);
}

/** FNV-1a: a socket lands on the same shard from every function. */
export function shardOf(socketId: string, shardCount: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < socketId.length; index += 1) hash = Math.imul(hash ^ socketId.charCodeAt(index), 0x01000193) >>> 0;
  return hash % shardCount;
}
