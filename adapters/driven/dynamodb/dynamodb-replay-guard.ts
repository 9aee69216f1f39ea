import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeIfConditionHolds } from './conditional-check.ts';
import type { ReplayGuard } from '../../../domain/webhooks/replay-guard.port.ts';
import type { WEBHOOK_REPLAY_TABLE } from '../../../manifest/tables.ts';

type SeenItem = Record<typeof WEBHOOK_REPLAY_TABLE.partitionKey, string> & Record<typeof WEBHOOK_REPLAY_TABLE.ttlAttribute, number>;

/**
 * One conditional PutItem per key: it succeeds only where no item exists, so of concurrent callers
 * exactly one wins. DynamoDB's TTL removes items some time after `expiresAt`; until then they still
 * count as seen, which only errs on the side of refusing a replay.
 */
export class DynamoDbReplayGuard implements ReplayGuard {
  private readonly deps: { readonly client: DynamoDBDocumentClient; readonly tableName: string };

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.deps = { client, tableName };
  }

  async firstSeen(key: string, expiresAt: number): Promise<boolean> {
    const item: SeenItem = { pk: key, expiresAt: Math.ceil(expiresAt / 1000) };
    return writeIfConditionHolds(() => this.deps.client.send(new PutCommand({ TableName: this.deps.tableName, Item: item, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } })));
  }

  async forget(key: string): Promise<void> {
    await this.deps.client.send(new DeleteCommand({ TableName: this.deps.tableName, Key: { pk: key } }));
  }
}
