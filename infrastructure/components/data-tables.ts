import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface DataTablesArgs {
  /** Deletion protection and point-in-time recovery (production). */
  readonly protectData: boolean;
}

/**
 * The connection registry (PK connectionId, sparse GSI userId-index sorted by connectionId, TTL on
 * expiresAt) and the refresh-token store (PK pk, TTL expiresAt), both on demand.
 */
export class DataTables extends pulumi.ComponentResource {
  readonly connections: aws.dynamodb.Table;
  readonly refreshTokens: aws.dynamodb.Table;

  constructor(name: string, args: DataTablesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('pushgate:data:Tables', name, {}, opts);
    const protection = {
      deletionProtectionEnabled: args.protectData,
      pointInTimeRecovery: { enabled: args.protectData },
      serverSideEncryption: { enabled: true },
    };
    const keep = { parent: this, protect: args.protectData };
    this.connections = new aws.dynamodb.Table(
      `${name}-connections`,
      {
        billingMode: 'PAY_PER_REQUEST',
        hashKey: 'connectionId',
        attributes: [
          { name: 'connectionId', type: 'S' },
          { name: 'userId', type: 'S' },
        ],
        globalSecondaryIndexes: [{ name: 'userId-index', hashKey: 'userId', rangeKey: 'connectionId', projectionType: 'ALL' }],
        ttl: { attributeName: 'expiresAt', enabled: true },
        ...protection,
      },
      keep,
    );
    this.refreshTokens = new aws.dynamodb.Table(
      `${name}-refresh-tokens`,
      {
        billingMode: 'PAY_PER_REQUEST',
        hashKey: 'pk',
        attributes: [{ name: 'pk', type: 'S' }],
        ttl: { attributeName: 'expiresAt', enabled: true },
        ...protection,
      },
      keep,
    );
    this.registerOutputs({ connectionsTableName: this.connections.name, refreshTokensTableName: this.refreshTokens.name });
  }
}
