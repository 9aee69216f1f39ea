import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbConnectionRegistry } from '../../adapters/driven/dynamodb/dynamodb-connection-registry.ts';
import { DynamoDbRefreshTokenStore } from '../../adapters/driven/dynamodb/dynamodb-refresh-token-store.ts';
import { describeConnectionRegistryContract } from '../../domain/connections/connection-registry.contract.ts';
import { describeRefreshTokenStoreContract } from '../../domain/tokens/refresh-token-store.contract.ts';
import { CONNECTION_TABLE } from '../../manifest/tables.ts';
import { backend, backendLabel, createConnectionTable, createRefreshTokenTable, dynamoDbClients } from './support/aws-clients.ts';

const clients = dynamoDbClients();

describe('DynamoDB backend', () => {
  it('is named in the output', () => {
    console.log(`[integration] DynamoDB suites run against ${backend().description}`);
    expect(backend().dynamodbEndpoint).toMatch(/^http:\/\/(127\.0\.0\.1|localhost)/);
  });
});

describeConnectionRegistryContract(`DynamoDB on ${backendLabel()}`, async () => new DynamoDbConnectionRegistry(clients.document, await createConnectionTable(clients.raw)));
describeRefreshTokenStoreContract(`DynamoDB on ${backendLabel()}`, async () => new DynamoDbRefreshTokenStore(clients.document, await createRefreshTokenTable(clients.raw)));

describe(`DynamoDbConnectionRegistry on ${backendLabel()}`, () => {
  let registry: DynamoDbConnectionRegistry;
  let table: string;
  beforeAll(async () => {
    table = await createConnectionTable(clients.raw);
    registry = new DynamoDbConnectionRegistry(clients.document, table);
  });
  afterAll(() => {
    clients.raw.destroy();
  });

  it('writes the TTL attribute in epoch seconds, the unit DynamoDB TTL reads', async () => {
    const expiresAt = Date.UTC(2030, 0, 1, 0, 0, 0, 500);
    await registry.save({ connectionId: 'ttl-check', userId: 'u', connectedAt: 1, expiresAt });
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { Item } = await clients.document.send(new GetCommand({ TableName: table, Key: { [CONNECTION_TABLE.partitionKey]: 'ttl-check' } }));
    expect(Item?.[CONNECTION_TABLE.ttlAttribute]).toBe(Math.ceil(expiresAt / 1000));
  });
});
