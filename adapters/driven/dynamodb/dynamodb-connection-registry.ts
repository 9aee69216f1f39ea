import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeIfConditionHolds } from './conditional-check.ts';
import type { Connection } from '../../../domain/connections/connection.ts';
import type { ConnectionPage, ConnectionRegistry } from '../../../domain/connections/connection-registry.port.ts';
import { CONNECTION_TABLE } from '../../../manifest/tables.ts';
import { decodeCursor, encodeCursor } from './page-cursor.ts';

/**
 * The item under the manifest's attribute names (renaming one there fails the build here): the
 * TTL attribute holds seconds, for DynamoDB's sweeper.
 */
type ConnectionItem = Record<typeof CONNECTION_TABLE.partitionKey, string> &
  Partial<Record<typeof CONNECTION_TABLE.userIndex.partitionKey, string>> &
  Record<typeof CONNECTION_TABLE.ttlAttribute, number> & {
    connectedAt: number;
    /** Milliseconds: what reads filter on, as TTL deletes lag by up to days. */
    expiresAtMs: number;
  };

const DEFAULT_PAGE_SIZE = 100;

/** Connections in DynamoDB: one item per connection, a sparse GSI on userId, TTL on expiresAt. */
export class DynamoDbConnectionRegistry implements ConnectionRegistry {
  private readonly deps: { readonly client: DynamoDBDocumentClient; readonly tableName: string };

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.deps = { client, tableName };
  }

  async save(connection: Connection): Promise<void> {
    const item: ConnectionItem = {
      connectionId: connection.connectionId,
      ...(connection.userId === undefined ? {} : { userId: connection.userId }),
      connectedAt: connection.connectedAt,
      expiresAt: Math.ceil(connection.expiresAt / 1000),
      expiresAtMs: connection.expiresAt,
    };
    await this.deps.client.send(new PutCommand({ TableName: this.deps.tableName, Item: item }));
  }

  async remove(connectionId: string): Promise<void> {
    await this.deps.client.send(new DeleteCommand({ TableName: this.deps.tableName, Key: { connectionId } }));
  }

  async find(connectionId: string, now: number): Promise<Connection | undefined> {
    const { Item } = await this.deps.client.send(new GetCommand({ TableName: this.deps.tableName, Key: { connectionId }, ConsistentRead: true }));
    const item = Item as ConnectionItem | undefined;
    return item !== undefined && item.expiresAtMs > now ? toConnection(item) : undefined;
  }

  async listByUser(userId: string, now: number, page: { limit?: number; cursor?: string } = {}): Promise<ConnectionPage> {
    const startKey = decodeCursor(page.cursor);
    // Queries the index, never scans the table. Limit bounds items read before the expiry filter,
    // so a page may come back short (even empty) with a cursor for the rest.
    const result = await this.deps.client.send(
      new QueryCommand({
        TableName: this.deps.tableName,
        IndexName: CONNECTION_TABLE.userIndex.name,
        KeyConditionExpression: '#userId = :userId',
        FilterExpression: '#expiresAtMs > :now',
        ExpressionAttributeNames: { '#userId': 'userId', '#expiresAtMs': 'expiresAtMs' },
        ExpressionAttributeValues: { ':userId': userId, ':now': now },
        Limit: page.limit ?? DEFAULT_PAGE_SIZE,
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    const connections = (result.Items ?? []).map((item) => toConnection(item as ConnectionItem));
    const nextCursor = encodeCursor(result.LastEvaluatedKey);
    return nextCursor === undefined ? { connections } : { connections, nextCursor };
  }

  async markAuthorized(connectionId: string, userId: string, now: number): Promise<boolean> {
    return writeIfConditionHolds(() =>
      this.deps.client.send(
        new UpdateCommand({
          TableName: this.deps.tableName,
          Key: { connectionId },
          UpdateExpression: 'SET #userId = :userId',
          ConditionExpression: 'attribute_exists(#connectionId) AND #expiresAtMs > :now',
          ExpressionAttributeNames: { '#userId': 'userId', '#connectionId': 'connectionId', '#expiresAtMs': 'expiresAtMs' },
          ExpressionAttributeValues: { ':userId': userId, ':now': now },
        }),
      ),
    );
  }
}

function toConnection(item: ConnectionItem): Connection {
  return {
    connectionId: item.connectionId,
    ...(item.userId === undefined ? {} : { userId: item.userId }),
    connectedAt: item.connectedAt,
    expiresAt: item.expiresAtMs,
  };
}
