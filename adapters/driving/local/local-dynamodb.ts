import { CreateTableCommand, DynamoDBClient, ResourceInUseException, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { accessSync, constants, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserFacingError } from './cli.ts';
// The tables' CreateTable input comes through the composition, like every other driven piece.
import { connectionTableDefinition, refreshTokenTableDefinition, subscriptionTableDefinition } from '../../composition/dynamodb.module.ts';

export const LOCAL_TABLES = { CONNECTIONS_TABLE: 'pushgate-connections', REFRESH_TOKENS_TABLE: 'pushgate-refresh-tokens', SUBSCRIPTIONS_TABLE: 'pushgate-subscriptions' } as const;
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * `npm start -- --dynamodb`: dynalite keeps the registries and the refresh tokens in a folder (LevelDB),
 * so they survive a restart, and the real DynamoDB adapters run against it.
 */
export interface LocalDynamoDb {
  readonly clientConfig: { readonly endpoint: string; readonly region: string; readonly credentials: typeof CREDENTIALS };
  close(): Promise<void>;
}

export async function startLocalDynamoDb(folder: string): Promise<LocalDynamoDb> {
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new UserFacingError(`cannot keep data in ${folder} (${(error as NodeJS.ErrnoException).code ?? String(error)}); pick a writable folder with --data-dir DIR`);
  }
  const { default: dynalite } = await import('dynalite');
  const server: Server = dynalite({ path: folder, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientConfig = { endpoint, region: 'local', credentials: CREDENTIALS };
  const client = new DynamoDBClient(clientConfig);
  for (const definition of [
    connectionTableDefinition(LOCAL_TABLES.CONNECTIONS_TABLE),
    refreshTokenTableDefinition(LOCAL_TABLES.REFRESH_TOKENS_TABLE),
    subscriptionTableDefinition(LOCAL_TABLES.SUBSCRIPTIONS_TABLE),
  ]) {
    try {
      await client.send(new CreateTableCommand(definition));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: definition.TableName });
  }
  client.destroy();
  return {
    clientConfig,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
