import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { issueToken, TestSocket } from './support/clients.ts';

const folder = mkdtempSync(path.join(tmpdir(), 'pushgate-dynamodb-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('npm start -- --dynamodb', () => {
  it('keeps refresh tokens and registry rows in a folder across a restart', async () => {
    const first = await startLocalGateway({ port: 0, quiet: true, dynamodbFolder: folder });
    const issued = await issueToken(first.url, 'kim');
    const socket = await TestSocket.open(`${first.websocketUrl}?token=${issued.access_token}`);
    socket.send({ action: 'ping' });
    await socket.waitFor(1);
    expect((await first.registry.listByUser('kim', Date.now())).connections).toHaveLength(1);
    await first.registry.save({ connectionId: 'survivor=', userId: 'lee', connectedAt: Date.now(), expiresAt: Date.now() + 60_000 });
    await first.close();

    const second = await startLocalGateway({ port: 0, quiet: true, dynamodbFolder: folder });
    try {
      const refreshed = await fetch(`${second.url}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: issued.refresh_token }) });
      expect(refreshed.status).toBe(200);
      expect((await second.registry.find('survivor=', Date.now()))?.userId).toBe('lee');
      // The WebSocket closed with the first process, and its $disconnect removed its row.
      expect((await second.registry.listByUser('kim', Date.now())).connections).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
