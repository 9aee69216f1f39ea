import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeIfConditionHolds } from './conditional-check.ts';
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
    /** Absent on tokens saved before families had a lifetime: read as 0, so they end at their next refresh. */
    familyIssuedAtMs?: number;
    spentAt?: number;
  };

/** Revocations are remembered for as long as any token they cover could still be presented (a family lives at most 365 days). */
const FAMILY_REVOCATION_TTL_SECONDS = 400 * 86_400;

export class DynamoDbRefreshTokenStore implements RefreshTokenStore {
  private readonly deps: { readonly client: DynamoDBDocumentClient; readonly tableName: string };

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.deps = { client, tableName };
  }

  async save(record: RefreshTokenRecord): Promise<void> {
    const item: TokenItem = {
      pk: tokenKey(record.tokenHash),
      familyId: record.familyId,
      userId: record.userId,
      grant: JSON.stringify({ channels: record.channels, userInfo: record.userInfo }),
      expiresAt: Math.ceil(record.expiresAt / 1000),
      expiresAtMs: record.expiresAt,
      familyIssuedAtMs: record.familyIssuedAt,
    };
    await this.deps.client.send(new PutCommand({ TableName: this.deps.tableName, Item: item }));
  }

  async consume(tokenHash: string, now: number): Promise<ConsumeOutcome> {
    const item = await this.getToken(tokenHash);
    if (item === undefined) return { kind: 'unknown' };
    const record = toRecord(tokenHash, item);
    if (await this.isRevoked(record)) return { kind: 'revoked' };
    if (item.expiresAtMs <= now) return { kind: 'expired' };
    if (item.spentAt !== undefined) return { kind: 'reused', record };
    // The condition makes the read-then-spend atomic: of concurrent callers, one update succeeds.
    const spent = await writeIfConditionHolds(() =>
      this.deps.client.send(
        new UpdateCommand({
          TableName: this.deps.tableName,
          Key: { pk: tokenKey(tokenHash) },
          UpdateExpression: 'SET #spentAt = :now',
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#spentAt)',
          ExpressionAttributeNames: { '#spentAt': 'spentAt', '#pk': 'pk' },
          ExpressionAttributeValues: { ':now': now },
        }),
      ),
    );
    return spent ? { kind: 'consumed', record } : { kind: 'reused', record };
  }

  async find(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const item = await this.getToken(tokenHash);
    return item === undefined ? undefined : toRecord(tokenHash, item);
  }

  async revokeFamily(familyId: string, at: number): Promise<void> {
    await this.deps.client.send(
      new PutCommand({
        TableName: this.deps.tableName,
        Item: { pk: familyKey(familyId), revoked: true, [REFRESH_TOKEN_TTL_ATTRIBUTE]: Math.ceil(at / 1000) + FAMILY_REVOCATION_TTL_SECONDS },
      }),
    );
  }

  async revokeUser(userId: string, at: number): Promise<void> {
    // Only ever moves forward: a late, older revocation must not un-revoke families a newer one covers
    // (a refused condition means a newer revocation already stands).
    await writeIfConditionHolds(() =>
      this.deps.client.send(
        new UpdateCommand({
          TableName: this.deps.tableName,
          Key: { pk: userKey(userId) },
          UpdateExpression: 'SET #revokedAt = :at, #expiresAt = :ttl',
          ConditionExpression: 'attribute_not_exists(#revokedAt) OR #revokedAt < :at',
          ExpressionAttributeNames: { '#revokedAt': 'revokedAt', '#expiresAt': REFRESH_TOKEN_TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':at': at, ':ttl': Math.ceil(at / 1000) + FAMILY_REVOCATION_TTL_SECONDS },
        }),
      ),
    );
  }

  private async getToken(tokenHash: string): Promise<TokenItem | undefined> {
    const { Item } = await this.deps.client.send(new GetCommand({ TableName: this.deps.tableName, Key: { pk: tokenKey(tokenHash) }, ConsistentRead: true }));
    return Item as TokenItem | undefined;
  }

  private async isRevoked(record: RefreshTokenRecord): Promise<boolean> {
    const [family, user] = await Promise.all([this.getItem(familyKey(record.familyId)), this.getItem(userKey(record.userId))]);
    const userRevokedAt = (user as { revokedAt?: number } | undefined)?.revokedAt;
    return family !== undefined || (userRevokedAt !== undefined && record.familyIssuedAt <= userRevokedAt);
  }

  private async getItem(pk: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.deps.client.send(new GetCommand({ TableName: this.deps.tableName, Key: { pk }, ConsistentRead: true }));
    return Item;
  }
}

const tokenKey = (tokenHash: string) => `token#${tokenHash}`;
const familyKey = (familyId: string) => `family#${familyId}`;
const userKey = (userId: string) => `user#${userId}`;
const REFRESH_TOKEN_TTL_ATTRIBUTE: typeof REFRESH_TOKEN_TABLE.ttlAttribute = 'expiresAt';

function toRecord(tokenHash: string, item: TokenItem): RefreshTokenRecord {
  const grant = JSON.parse(item.grant) as Pick<RefreshTokenRecord, 'channels' | 'userInfo'>;
  return {
    tokenHash,
    familyId: item.familyId,
    familyIssuedAt: item.familyIssuedAtMs ?? 0,
    userId: item.userId,
    channels: grant.channels,
    ...(grant.userInfo === undefined ? {} : { userInfo: grant.userInfo }),
    expiresAt: item.expiresAtMs,
  };
}
