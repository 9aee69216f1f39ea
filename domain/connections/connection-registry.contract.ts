import { describe, expect, it } from 'vitest';
import type { Connection } from './connection.ts';
import type { ConnectionRegistry } from './connection-registry.port.ts';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const HOUR = 3_600_000;

function connection(connectionId: string, userId: string | undefined, expiresAt = NOW + HOUR): Connection {
  return { connectionId, ...(userId === undefined ? {} : { userId }), connectedAt: NOW - 1000, expiresAt };
}

/** What every ConnectionRegistry must do; each adapter's test file runs this against its own store. */
export function describeConnectionRegistryContract(adapterName: string, makeRegistry: () => Promise<ConnectionRegistry> | ConnectionRegistry): void {
  describe(`ConnectionRegistry contract: ${adapterName}`, () => {
    it('finds what it saved and forgets what it removed', async () => {
      const registry = await makeRegistry();
      await registry.save(connection('conn-a', 'alice'));
      expect(await registry.find('conn-a', NOW)).toEqual(connection('conn-a', 'alice'));
      await registry.remove('conn-a');
      expect(await registry.find('conn-a', NOW)).toBeUndefined();
    });

    it('treats removing an unknown connection as done', async () => {
      const registry = await makeRegistry();
      await expect(registry.remove('never-there')).resolves.toBeUndefined();
    });

    it('ignores rows whose expiry has passed, even if the store still holds them', async () => {
      const registry = await makeRegistry();
      await registry.save(connection('conn-old', 'alice', NOW - 1));
      await registry.save(connection('conn-new', 'alice'));
      expect(await registry.find('conn-old', NOW)).toBeUndefined();
      const page = await registry.listByUser('alice', NOW);
      expect(page.connections.map((c) => c.connectionId)).toEqual(['conn-new']);
    });

    it('lists only the given user\'s connections', async () => {
      const registry = await makeRegistry();
      await registry.save(connection('conn-a1', 'alice'));
      await registry.save(connection('conn-b1', 'bob'));
      await registry.save(connection('conn-x', undefined));
      await registry.save(connection('conn-a2', 'alice'));
      const page = await registry.listByUser('alice', NOW);
      expect(page.connections.map((c) => c.connectionId).sort()).toEqual(['conn-a1', 'conn-a2']);
      expect(page.nextCursor).toBeUndefined();
      expect((await registry.listByUser('nobody', NOW)).connections).toEqual([]);
    });

    it('pages through many connections, each exactly once', async () => {
      const registry = await makeRegistry();
      const ids = Array.from({ length: 23 }, (_, index) => `conn-${String(index).padStart(3, '0')}`);
      for (const id of ids) await registry.save(connection(id, 'crowd'));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await registry.listByUser('crowd', NOW, { limit: 5, ...(cursor === undefined ? {} : { cursor }) });
        expect(page.connections.length).toBeLessThanOrEqual(5);
        seen.push(...page.connections.map((c) => c.connectionId));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== undefined && pages < 20);
      expect(seen.sort()).toEqual(ids);
    });

    it('marks a connection authorized for a user, and says false for an unknown one', async () => {
      const registry = await makeRegistry();
      await registry.save(connection('conn-anon', undefined));
      expect(await registry.markAuthorized('conn-anon', 'carol', NOW)).toBe(true);
      expect((await registry.find('conn-anon', NOW))?.userId).toBe('carol');
      expect((await registry.listByUser('carol', NOW)).connections.map((c) => c.connectionId)).toEqual(['conn-anon']);
      expect(await registry.markAuthorized('conn-missing', 'carol', NOW)).toBe(false);
    });

    it('does not authorize an expired connection', async () => {
      const registry = await makeRegistry();
      await registry.save(connection('conn-stale', undefined, NOW - 1));
      expect(await registry.markAuthorized('conn-stale', 'carol', NOW)).toBe(false);
    });

    it('overwrites a connection saved twice', async () => {
      const registry = await makeRegistry();
      await registry.save(connection('conn-a', 'alice'));
      await registry.save(connection('conn-a', 'bob'));
      expect((await registry.find('conn-a', NOW))?.userId).toBe('bob');
      expect((await registry.listByUser('alice', NOW)).connections).toEqual([]);
    });
  });
}
