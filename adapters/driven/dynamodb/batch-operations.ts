import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunksOf } from '../../../domain/shared/chunks.ts';
import { DEFAULT_RETRY_POLICY, isTransientAwsError, withRetries, type RetryPolicy } from '../shared/retry.ts';

/** DynamoDB's limits on one request: 100 keys read, 25 items written. */
export const BATCH_LIMITS = { getKeys: 100, writeItems: 25 } as const;

type Item = Record<string, unknown>;
export type WriteRequest = { readonly PutRequest: { readonly Item: Item } } | { readonly DeleteRequest: { readonly Key: Item } };

/** What DynamoDB left unprocessed (throttled inside the batch): tried again after a back-off, as a throttled call is. */
class Unprocessed extends Error {
  override readonly name = 'Unprocessed';
}

function isRetriable(error: unknown): boolean {
  return error instanceof Unprocessed || isTransientAwsError(error);
}

/** The items at `keys` (strongly consistent), in no particular order; absent ones are left out. */
export async function batchGet(client: DynamoDBDocumentClient, tableName: string, keys: readonly Item[], policy: RetryPolicy = DEFAULT_RETRY_POLICY): Promise<Item[]> {
  const found = await Promise.all(
    chunksOf(keys, BATCH_LIMITS.getKeys).map(async (chunk) => {
      const items: Item[] = [];
      let remaining: readonly Item[] = chunk;
      await withRetries(async () => {
        const { Responses, UnprocessedKeys } = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: [...remaining], ConsistentRead: true } } }));
        items.push(...(Responses?.[tableName] ?? []));
        remaining = UnprocessedKeys?.[tableName]?.Keys ?? [];
        if (remaining.length > 0) throw new Unprocessed(`${remaining.length} keys left unprocessed`);
      }, isRetriable, policy);
      return items;
    }),
  );
  return found.flat();
}

/** Every put and delete, 25 a request, the requests at once. */
export async function batchWrite(client: DynamoDBDocumentClient, tableName: string, requests: readonly WriteRequest[], policy: RetryPolicy = DEFAULT_RETRY_POLICY): Promise<void> {
  await Promise.all(
    chunksOf(requests, BATCH_LIMITS.writeItems).map(async (chunk) => {
      let remaining: readonly WriteRequest[] = chunk;
      await withRetries(async () => {
        const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: [...remaining] as never } }));
        remaining = (UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
        if (remaining.length > 0) throw new Unprocessed(`${remaining.length} writes left unprocessed`);
      }, isRetriable, policy);
    }),
  );
}
