import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../domain/shared/clock.port.ts';
import type { WebhookAnnouncements } from '../../../domain/webhooks/webhook-announcements.port.ts';
import { SUBSCRIPTION_TABLE } from '../../../manifest/tables.ts';
import { isConditionalCheckFailure } from './conditional-check.ts';

/**
 * How long a record of what the app was told is kept: a channel left untouched longer than this is
 * announced again at its next change (at least once, as Pusher's own webhooks are).
 */
const ANNOUNCEMENT_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** In the subscription table (the worker reads it already): `announced#<key>` / `state`, replaced only if still what was read. */
export class DynamoDbWebhookAnnouncements implements WebhookAnnouncements {
  private readonly deps: { readonly client: DynamoDBDocumentClient; readonly tableName: string; readonly clock: Clock };

  constructor(client: DynamoDBDocumentClient, tableName: string, clock: Clock) {
    this.deps = { client, tableName, clock };
  }

  async lastAnnounced(key: string): Promise<string | undefined> {
    const { Item } = await this.deps.client.send(new GetCommand({ TableName: this.deps.tableName, Key: itemKey(key), ConsistentRead: true }));
    return Item !== undefined && (Item['expiresAtMs'] as number) > this.deps.clock.now() ? (Item['state'] as string) : undefined;
  }

  async recordAnnounced(key: string, state: string, expected: string | undefined): Promise<boolean> {
    const now = this.deps.clock.now();
    try {
      await this.deps.client.send(
        new PutCommand({
          TableName: this.deps.tableName,
          Item: { ...itemKey(key), state, expiresAtMs: now + ANNOUNCEMENT_TTL_MS, [SUBSCRIPTION_TABLE.ttlAttribute]: Math.ceil((now + ANNOUNCEMENT_TTL_MS) / 1000) },
          // Expired records count as none (TTL deletes lag by days).
          ConditionExpression: expected === undefined ? 'attribute_not_exists(#pk) OR #expiresAtMs <= :now' : '#state = :expected AND #expiresAtMs > :now',
          ExpressionAttributeNames: { '#expiresAtMs': 'expiresAtMs', ...(expected === undefined ? { '#pk': SUBSCRIPTION_TABLE.partitionKey } : { '#state': 'state' }) },
          ExpressionAttributeValues: { ':now': now, ...(expected === undefined ? {} : { ':expected': expected }) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }
}

function itemKey(key: string): Record<string, string> {
  return { [SUBSCRIPTION_TABLE.partitionKey]: `announced#${key}`, [SUBSCRIPTION_TABLE.sortKey]: 'state' };
}
