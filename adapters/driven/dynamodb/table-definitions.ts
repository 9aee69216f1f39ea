import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CONNECTION_TABLE, keyAttributes, REFRESH_TOKEN_TABLE, SUBSCRIPTION_TABLE, WEBHOOK_REPLAY_TABLE, type TableSchema } from '../../../manifest/tables.ts';

/**
 * CreateTable input for a table shape from the manifest (the integration tests and local mode's
 * dynalite create tables with it; Pulumi reads the same shapes). dynalite has no TTL, so the TTL
 * attribute is not set here: the adapters filter expired items on read anyway.
 */
export function tableDefinition(schema: TableSchema, tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributes(schema).map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [{ AttributeName: schema.partitionKey, KeyType: 'HASH' }, ...(schema.sortKey === undefined ? [] : [{ AttributeName: schema.sortKey, KeyType: 'RANGE' as const }])],
    ...(schema.indexes.length === 0
      ? {}
      : {
          GlobalSecondaryIndexes: schema.indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: [{ AttributeName: index.partitionKey, KeyType: 'HASH' as const }, ...(index.sortKey === undefined ? [] : [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }])],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }),
  };
}

export const connectionTableDefinition = (tableName: string): CreateTableCommandInput => tableDefinition(CONNECTION_TABLE, tableName);
export const refreshTokenTableDefinition = (tableName: string): CreateTableCommandInput => tableDefinition(REFRESH_TOKEN_TABLE, tableName);
export const webhookReplayTableDefinition = (tableName: string): CreateTableCommandInput => tableDefinition(WEBHOOK_REPLAY_TABLE, tableName);
export const subscriptionTableDefinition = (tableName: string): CreateTableCommandInput => tableDefinition(SUBSCRIPTION_TABLE, tableName);
