import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalGateway, type LocalGateway, type LocalGatewayOptions } from '../../../adapters/driving/local/local-gateway.ts';

/** Local mode's two storages: the suites that speak the Pusher protocol run against each. */
export interface LocalStorageCase {
  readonly label: string;
  /** Options for `startLocalGateway`, and what to clean up after it closed. */
  readonly prepare: () => { readonly options: Pick<LocalGatewayOptions, 'dynamodbFolder'>; readonly cleanUp: () => void };
}

export const LOCAL_STORAGES: readonly LocalStorageCase[] = [
  { label: 'in memory', prepare: () => ({ options: {}, cleanUp: () => undefined }) },
  {
    label: 'in DynamoDB (dynalite, as --dynamodb)',
    prepare: () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'pushgate-e2e-'));
      return { options: { dynamodbFolder: folder }, cleanUp: () => rmSync(folder, { recursive: true, force: true }) };
    },
  },
];

/** Local mode on a free loopback port with this storage; closing it also removes what the storage left on disk. */
export async function startOn(storage: LocalStorageCase, options: LocalGatewayOptions = {}): Promise<LocalGateway> {
  const prepared = storage.prepare();
  const gateway = await startLocalGateway({ port: 0, quiet: true, ...options, ...prepared.options });
  return {
    ...gateway,
    close: async () => {
      await gateway.close();
      prepared.cleanUp();
    },
  };
}
