import type { Connection } from '../../../domain/connections/connection.ts';
import type { ConnectionPage, ConnectionRegistry } from '../../../domain/connections/connection-registry.port.ts';

const DEFAULT_PAGE_SIZE = 100;

/** Connections in a Map; pages walk connection ids in order, so a cursor is the last id returned. */
export class InMemoryConnectionRegistry implements ConnectionRegistry {
  private readonly connections = new Map<string, Connection>();

  async save(connection: Connection): Promise<void> {
    this.connections.set(connection.connectionId, { ...connection });
  }

  async remove(connectionId: string): Promise<void> {
    this.connections.delete(connectionId);
  }

  async find(connectionId: string, now: number): Promise<Connection | undefined> {
    const connection = this.connections.get(connectionId);
    return connection !== undefined && connection.expiresAt > now ? { ...connection } : undefined;
  }

  async listByUser(userId: string, now: number, page: { limit?: number; cursor?: string } = {}): Promise<ConnectionPage> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const matching = [...this.connections.values()]
      .filter((connection) => connection.userId === userId && connection.expiresAt > now)
      .filter((connection) => page.cursor === undefined || connection.connectionId > page.cursor)
      .sort((a, b) => (a.connectionId < b.connectionId ? -1 : 1));
    const connections = matching.slice(0, limit).map((connection) => ({ ...connection }));
    const last = connections[connections.length - 1];
    return matching.length > limit && last !== undefined ? { connections, nextCursor: last.connectionId } : { connections };
  }

  async markAuthorized(connectionId: string, userId: string, now: number): Promise<boolean> {
    const connection = await this.find(connectionId, now);
    if (connection === undefined) return false;
    this.connections.set(connectionId, { ...connection, userId });
    return true;
  }

  /** Every stored row, expired ones included: for tests and the local gateway's status page. */
  size(): number {
    return this.connections.size;
  }
}
