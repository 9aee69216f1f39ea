import type { Connection } from './connection.ts';

export interface ConnectionPage {
  readonly connections: readonly Connection[];
  /** Pass back to get the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/**
 * Where live connections are kept. Every read takes `now` and ignores rows whose `expiresAt` has
 * passed, because stores such as DynamoDB delete expired rows only eventually.
 */
export interface ConnectionRegistry {
  save(connection: Connection): Promise<void>;
  remove(connectionId: string): Promise<void>;
  find(connectionId: string, now: number): Promise<Connection | undefined>;
  listByUser(userId: string, now: number, page?: { readonly limit?: number; readonly cursor?: string }): Promise<ConnectionPage>;
  /** Records who the connection belongs to; false when no such (unexpired) connection exists. */
  markAuthorized(connectionId: string, userId: string, now: number): Promise<boolean>;
}
