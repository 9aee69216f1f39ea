import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConsumeOutcome, RefreshTokenRecord, RefreshTokenStore } from '../../../domain/tokens/refresh-token-store.port.ts';
import type { REFRESH_TOKEN_TABLE } from '../../../manifest/tables.ts';

/** The item under the manifest's attribute names: renaming one there fails the build here. */
type TokenItem = Record<typeof REFRESH_TOKEN_TABLE.partitionKey, string> &
  Record<typeof REFRESH_TOKEN_TABLE.ttlAttribute, number> & {
    familyId: string;
    userId: string;
    /** channels and user_info as JSON, so they come back exactly as they went in. */
    grant: string;
    expiresAtMs: number;
    spentAt?: number;
  };

/** Families are remembered for as long as any of their tokens could still be presented. */
const FAMILY_REVOCATION_TTL_SECONDS = 400 * 86_400;

export class DynamoDbRefreshTokenStore implements RefreshTokenStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async save(record: RefreshTokenRecord): Promise<void> {
    const item: TokenItem = {
      pk: tokenKey(record.tokenHash),
      familyId: record.familyId,
      userId: record.userId,
      grant: JSON.stringify({ channels: record.channels, userInfo: record.userInfo }),
      expiresAt: Math.ceil(record.expiresAt / 1000),
      expiresAtMs: record.expiresAt,
    };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async consume(tokenHash: string, now: number): Promise<ConsumeOutcome> {
    const item = await this.getToken(tokenHash);
    if (item === undefined) return { kind: 'unknown' };
    if (await this.isRevoked(item.familyId)) return { kind: 'revoked' };
    if (item.expiresAtMs <= now) return { kind: 'expired' };
    const record = toRecord(tokenHash, item);
    if (item.spentAt !== undefined) return { kind: 'reused', record };
    try {
      // The condition makes the read-then-spend atomic: of concurrent callers, one update succeeds.
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: tokenKey(tokenHash) },
          UpdateExpression: 'SET #spentAt = :now',
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#spentAt)',
          ExpressionAttributeNames: { '#spentAt': 'spentAt', '#pk': 'pk' },
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return { kind: 'consumed', record };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException') {
        return { kind: 'reused', record };
      }
      throw error;
    }
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: familyKey(familyId), revoked: true, expiresAt: Math.ceil(Date.now() / 1000) + FAMILY_REVOCATION_TTL_SECONDS },
      }),
    );
  }

  private async getToken(tokenHash: string): Promise<TokenItem | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: tokenKey(tokenHash) }, ConsistentRead: true }));
    return Item as TokenItem | undefined;
  }

  private async isRevoked(familyId: string): Promise<boolean> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: familyKey(familyId) }, ConsistentRead: true }));
    return Item !== undefined;
  }
}

const tokenKey = (tokenHash: string) => `token#${tokenHash}`;
const familyKey = (familyId: string) => `family#${familyId}`;

function toRecord(tokenHash: string, item: TokenItem): RefreshTokenRecord {
  const grant = JSON.parse(item.grant) as Pick<RefreshTokenRecord, 'channels' | 'userInfo'>;
  return {
    tokenHash,
    familyId: item.familyId,
    userId: item.userId,
    channels: grant.channels,
    ...(grant.userInfo === undefined ? {} : { userInfo: grant.userInfo }),
    expiresAt: item.expiresAtMs,
  };
}
