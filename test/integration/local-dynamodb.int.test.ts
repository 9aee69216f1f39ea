import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCAL_TABLES, startLocalDynamoDb } from '../../adapters/driving/local/local-dynamodb.ts';
import { SUBSCRIPTION_TABLE } from '../../manifest/tables.ts';

describe('local mode under --dynamodb', () => {
  it('creates every table local mode names, the subscriptions one keyed as the manifest says, and starts again on the same folder', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'pushgate-local-tables-'));
    for (let start = 0; start < 2; start += 1) {
      const local = await startLocalDynamoDb(folder);
      const client = new DynamoDBClient(local.clientConfig);
      try {
        for (const TableName of Object.values(LOCAL_TABLES)) expect((await client.send(new DescribeTableCommand({ TableName }))).Table?.TableStatus, TableName).toBe('ACTIVE');
        const { Table } = await client.send(new DescribeTableCommand({ TableName: LOCAL_TABLES.SUBSCRIPTIONS_TABLE }));
        expect(Table?.KeySchema).toEqual([
          { AttributeName: SUBSCRIPTION_TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: SUBSCRIPTION_TABLE.sortKey, KeyType: 'RANGE' },
        ]);
      } finally {
        client.destroy();
        await local.close();
      }
    }
  });
});
