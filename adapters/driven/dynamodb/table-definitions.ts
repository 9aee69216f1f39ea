import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CONNECTION_TABLE } from './dynamodb-connection-registry.ts';
import { REFRESH_TOKEN_TABLE } from './dynamodb-refresh-token-store.ts';

/** The connection table as the adapter expects it: PK connectionId, a sparse GSI on userId (paged by connectionId). */
export function connectionTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: CONNECTION_TABLE.partitionKey, AttributeType: 'S' },
      { AttributeName: CONNECTION_TABLE.userIndexPartitionKey, AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: CONNECTION_TABLE.partitionKey, KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: CONNECTION_TABLE.userIndexName,
        KeySchema: [
          { AttributeName: CONNECTION_TABLE.userIndexPartitionKey, KeyType: 'HASH' },
          { AttributeName: CONNECTION_TABLE.userIndexSortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

export function refreshTokenTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: REFRESH_TOKEN_TABLE.partitionKey, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: REFRESH_TOKEN_TABLE.partitionKey, KeyType: 'HASH' }],
  };
}
