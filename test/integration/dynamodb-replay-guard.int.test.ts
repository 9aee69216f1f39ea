import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoDbReplayGuard } from '../../adapters/driven/dynamodb/dynamodb-replay-guard.ts';
import { describeReplayGuardContract } from '../../domain/webhooks/replay-guard.contract.ts';
import { WEBHOOK_REPLAY_TABLE } from '../../manifest/tables.ts';
import { backendLabel, createWebhookReplayTable, dynamoDbClients } from './support/aws-clients.ts';

const clients = dynamoDbClients();
afterAll(() => clients.raw.destroy());

describeReplayGuardContract(`DynamoDB on ${backendLabel()}`, async () => new DynamoDbReplayGuard(clients.document, await createWebhookReplayTable(clients.raw)));

describe(`DynamoDbReplayGuard on ${backendLabel()}`, () => {
  it('writes the TTL attribute in epoch seconds, the unit DynamoDB TTL reads', async () => {
    const table = await createWebhookReplayTable(clients.raw);
    await new DynamoDbReplayGuard(clients.document, table).firstSeen('key-ttl', Date.UTC(2030, 0, 1, 0, 5) + 1);
    const { Item } = await clients.document.send(new GetCommand({ TableName: table, Key: { [WEBHOOK_REPLAY_TABLE.partitionKey]: 'key-ttl' }, ConsistentRead: true }));
    expect(Item?.[WEBHOOK_REPLAY_TABLE.ttlAttribute]).toBe(Date.UTC(2030, 0, 1, 0, 5) / 1000 + 1);
  });
});
