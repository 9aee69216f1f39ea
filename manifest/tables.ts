/**
 * The DynamoDB tables' shapes, written once: the adapters read and write by these names, the
 * Pulumi component creates the tables from them, and so do the integration tests and local mode.
 * Every key attribute is a string; every table is on demand and has a TTL attribute in epoch seconds.
 */
export interface TableIndex {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
}

export interface TableSchema {
  readonly partitionKey: string;
  /** Items sharing a partition key, ordered by this one (absent: one item per partition key). */
  readonly sortKey?: string;
  readonly indexes: readonly TableIndex[];
  /** Epoch seconds, the unit DynamoDB's TTL sweeper reads. */
  readonly ttlAttribute: string;
}

/** A user's connections, paged by connectionId; sparse: only authorized connections carry `userId`. */
const USER_INDEX = { name: 'userId-index', partitionKey: 'userId', sortKey: 'connectionId' } as const satisfies TableIndex;

/** One item per connection. */
export const CONNECTION_TABLE = {
  partitionKey: 'connectionId',
  userIndex: USER_INDEX,
  indexes: [USER_INDEX],
  ttlAttribute: 'expiresAt',
} as const satisfies TableSchema & { readonly userIndex: TableIndex };

/** One table, three kinds of item under `pk`: `token#<sha256>`, `family#<id>` (present once revoked) and `user#<id>` (`revokedAt`: every family first issued by then is revoked). */
export const REFRESH_TOKEN_TABLE = {
  partitionKey: 'pk',
  indexes: [],
  ttlAttribute: 'expiresAt',
} as const satisfies TableSchema;

/** Webhooks received, one item per signature's SHA-256 under `pk`, kept (TTL) until the webhook would be refused as stale anyway. */
export const WEBHOOK_REPLAY_TABLE = {
  partitionKey: 'pk',
  indexes: [],
  ttlAttribute: 'expiresAt',
} as const satisfies TableSchema;

/**
 * Channel subscriptions and presence, three kinds of item under (`pk`, `sk`): `channel#<name>#<shard>` /
 * `socket#<id>` lists a channel's sockets (sharded so a hot channel spreads over partitions);
 * `socket#<id>` / `channel#<name>` is the reverse index a disconnect queries; `presence#<name>` /
 * `user#<id>` holds one attribute per socket of that user on that channel, written atomically.
 */
export const SUBSCRIPTION_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
  ttlAttribute: 'expiresAt',
} as const satisfies TableSchema;

/** The attributes a table's keys and indexes name, each once: what CreateTable and Pulumi must declare. */
export function keyAttributes(schema: TableSchema): string[] {
  const names = [schema.partitionKey, ...(schema.sortKey === undefined ? [] : [schema.sortKey]), ...schema.indexes.flatMap((index) => (index.sortKey === undefined ? [index.partitionKey] : [index.partitionKey, index.sortKey]))];
  return [...new Set(names)];
}
