// A DynamoDB the benches can count: dynalite in memory, the subscriptions table, and a document
// client that asks every call for its consumed capacity and adds it up (dynalite computes it as
// DynamoDB does: 1 KB write units, 4 KB read units, strongly consistent reads at full price).
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDocumentClient } from '../adapters/driven/dynamodb/document-client.ts';
import { DynamoDbSubscriptionRegistry } from '../adapters/driven/dynamodb/dynamodb-subscription-registry.ts';
import { subscriptionTableDefinition } from '../adapters/driven/dynamodb/table-definitions.ts';

export interface DynamoDbCalls {
  reads: number;
  writes: number;
  readUnits: number;
  writeUnits: number;
}

const READS = new Set(['GetCommand', 'QueryCommand', 'ScanCommand', 'BatchGetCommand']);
/** A refused conditional write is billed as a write of the item; dynalite's error carries no capacity, so it is counted as one unit. */
const REFUSED_WRITE_UNITS = 1;

export interface MeteredDynamoDb {
  readonly client: DynamoDBDocumentClient;
  readonly table: string;
  readonly calls: DynamoDbCalls;
  reset(): void;
  /** The subscriptions a registry would write for `socketIds` on `channel`, written in bulk (uncounted): a large channel in seconds. */
  seedChannel(channel: string, socketIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export async function startMeteredDynamoDb(): Promise<MeteredDynamoDb> {
  const server: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const clientConfig = { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'local', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
  const table = 'bench-subscriptions';
  const raw = new DynamoDBClient(clientConfig);
  await raw.send(new CreateTableCommand(subscriptionTableDefinition(table)));
  await waitUntilTableExists({ client: raw, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: table });
  raw.destroy();

  const client = createDocumentClient(clientConfig);
  const calls: DynamoDbCalls = { reads: 0, writes: 0, readUnits: 0, writeUnits: 0 };
  const send = client.send.bind(client) as (command: unknown) => Promise<{ ConsumedCapacity?: { CapacityUnits?: number }; UnprocessedItems?: Record<string, unknown> }>;
  const metered = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const isRead = READS.has(command.constructor.name);
    if (isRead) calls.reads += 1;
    else calls.writes += 1;
    command.input['ReturnConsumedCapacity'] = 'TOTAL';
    try {
      const output = await send(command);
      const units = output.ConsumedCapacity?.CapacityUnits ?? 0;
      if (isRead) calls.readUnits += units;
      else calls.writeUnits += units;
      return output;
    } catch (error) {
      if (!isRead) calls.writeUnits += REFUSED_WRITE_UNITS;
      throw error;
    }
  };
  (client as unknown as { send: typeof metered }).send = metered;

  return {
    client,
    table,
    calls,
    reset: () => Object.assign(calls, { reads: 0, writes: 0, readUnits: 0, writeUnits: 0 }),
    seedChannel: async (channel, socketIds) => {
      // The registry's own writes, captured instead of sent (its reads answer "nothing there"), then put 25 at a time.
      const items: Record<string, unknown>[] = [];
      const capture = { send: async (command: { constructor: { name: string }; input: { Item?: Record<string, unknown> } }) => {
        if (command.constructor.name === 'PutCommand' && command.input.Item !== undefined) items.push(command.input.Item);
        return {};
      } } as unknown as DynamoDBDocumentClient;
      const writer = new DynamoDbSubscriptionRegistry(capture, table, { clock: { now: () => Date.now() } });
      for (const socketId of socketIds) await writer.add(socketId, channel);
      for (let start = 0; start < items.length; start += 25) {
        let pending: Record<string, unknown> | undefined = { [table]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) };
        while (pending !== undefined && Object.keys(pending).length > 0) {
          const output = await send(new BatchWriteCommand({ RequestItems: pending as never }));
          pending = output.UnprocessedItems;
        }
      }
    },
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
