import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { CONNECTION_TABLE, keyAttributes, REFRESH_TOKEN_TABLE, SUBSCRIPTION_TABLE, WEBHOOK_REPLAY_TABLE, type TableSchema } from '../../manifest/tables.ts';

export interface DataTablesArgs {
  /** Deletion protection and point-in-time recovery (production). */
  readonly protectData: boolean;
  /** The channel subscription table, on a stack that serves its own channels. */
  readonly subscriptions: boolean;
}

/** Pulumi's form of a manifest table shape: string keys, every index projecting all attributes, TTL on. */
export function tableShapeArgs(schema: TableSchema): Pick<aws.dynamodb.TableArgs, 'hashKey' | 'rangeKey' | 'attributes' | 'globalSecondaryIndexes' | 'ttl'> {
  return {
    hashKey: schema.partitionKey,
    ...(schema.sortKey === undefined ? {} : { rangeKey: schema.sortKey }),
    attributes: keyAttributes(schema).map((name) => ({ name, type: 'S' })),
    ...(schema.indexes.length === 0
      ? {}
      : { globalSecondaryIndexes: schema.indexes.map((index) => ({ name: index.name, hashKey: index.partitionKey, ...(index.sortKey === undefined ? {} : { rangeKey: index.sortKey }), projectionType: 'ALL' })) }),
    ttl: { attributeName: schema.ttlAttribute, enabled: true },
  };
}

/** The connection registry, the refresh-token store, the received webhooks and the channel subscriptions, in the shapes `manifest/tables.ts` declares, all on demand. */
export class DataTables extends pulumi.ComponentResource {
  readonly connections: aws.dynamodb.Table;
  readonly refreshTokens: aws.dynamodb.Table;
  readonly webhookReplays: aws.dynamodb.Table;
  readonly subscriptions: aws.dynamodb.Table | undefined;

  constructor(name: string, args: DataTablesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('pushgate:data:Tables', name, {}, opts);
    const common = {
      billingMode: 'PAY_PER_REQUEST',
      deletionProtectionEnabled: args.protectData,
      pointInTimeRecovery: { enabled: args.protectData },
      serverSideEncryption: { enabled: true },
    };
    const keep = { parent: this, protect: args.protectData };
    this.connections = new aws.dynamodb.Table(`${name}-connections`, { ...tableShapeArgs(CONNECTION_TABLE), ...common }, keep);
    this.refreshTokens = new aws.dynamodb.Table(`${name}-refresh-tokens`, { ...tableShapeArgs(REFRESH_TOKEN_TABLE), ...common }, keep);
    this.webhookReplays = new aws.dynamodb.Table(`${name}-webhook-replays`, { ...tableShapeArgs(WEBHOOK_REPLAY_TABLE), ...common }, keep);
    this.subscriptions = args.subscriptions ? new aws.dynamodb.Table(`${name}-subscriptions`, { ...tableShapeArgs(SUBSCRIPTION_TABLE), ...common }, keep) : undefined;
    this.registerOutputs({
      connectionsTableName: this.connections.name,
      refreshTokensTableName: this.refreshTokens.name,
      webhookReplaysTableName: this.webhookReplays.name,
      subscriptionsTableName: this.subscriptions?.name,
    });
  }
}
