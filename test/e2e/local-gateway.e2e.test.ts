import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { issueToken, runWscat, TestSocket } from './support/clients.ts';

let gateway: LocalGateway;
beforeAll(async () => {
  gateway = await startLocalGateway({ port: 0, quiet: true, queueVisibilityTimeoutMs: 100, env: { FAN_OUT_DIRECT_LIMIT: '2' } });
});
afterAll(() => gateway.close());

const connect = async (userId: string) => TestSocket.open(`${gateway.websocketUrl}?token=${(await issueToken(gateway.url, userId)).access_token}`);

/** The connection id the gateway gave the newest connection of a user. */
async function connectionIdsOf(userId: string): Promise<string[]> {
  return (await gateway.registry.listByUser(userId, Date.now())).connections.map((connection) => connection.connectionId);
}

async function notify(queue: 'NotifyUser' | 'NotifyConnection', message: unknown): Promise<void> {
  const response = await fetch(`${gateway.url}/local/queues/${queue}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
  expect(response.status).toBe(202);
  await gateway.queues.NotifyUser.drained();
  await gateway.queues.NotifyConnection.drained();
}

describe('local mode through the real wscat CLI', () => {
  it('answers ping, test and an unknown action', async () => {
    const { access_token: token } = await issueToken(gateway.url, 'wscat-user');
    const { output } = await runWscat(['-c', `${gateway.websocketUrl}?token=${token}`, '-x', '{"action":"ping"}', '-x', '{"action":"test"}', '-x', '{"action":"dance"}', '-w', '2']);
    const lines = output.split('\n').map((line) => line.replace(/^< /, '').trim()).filter((line) => line.startsWith('{'));
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { type: 'pong' },
      { message: 'This response was pushed from my Lambda.' },
      { type: 'error', error: 'not_implemented', message: 'the action "dance" is not implemented' },
    ]);
  });

  it('is refused with 401 without a token, and with a forged one', async () => {
    const missing = await runWscat(['-c', gateway.websocketUrl, '-w', '1']);
    expect(missing.output).toMatch(/Unexpected server response: 401/);
    const forged = await runWscat(['-c', `${gateway.websocketUrl}?token=not.a.token`, '-w', '1']);
    expect(forged.output).toMatch(/Unexpected server response: 401/);
  });
});

describe('notifications in local mode', () => {
  it('reach all three connections of a user (queued fan-out over the direct limit)', async () => {
    const sockets = await Promise.all([connect('carol'), connect('carol'), connect('carol')]);
    await notify('NotifyUser', { userId: 'carol', data: { hello: 'all' } });
    for (const socket of sockets) expect(await socket.waitFor(1)).toEqual(['{"hello":"all"}']);
    await Promise.all(sockets.map((socket) => socket.close()));
  });

  it('remove a connection whose $disconnect was lost the first time a post hits 410', async () => {
    const live = await connect('dave');
    await gateway.registry.save({ connectionId: 'lostDisconnect=', userId: 'dave', connectedAt: Date.now(), expiresAt: Date.now() + 60_000 });
    expect((await connectionIdsOf('dave')).length).toBe(2);
    await notify('NotifyUser', { userId: 'dave', data: 'x' });
    expect(await live.waitFor(1)).toEqual(['x']);
    expect(await connectionIdsOf('dave')).not.toContain('lostDisconnect=');
    expect((await connectionIdsOf('dave')).length).toBe(1);
    await live.close();
  });

  it('forget a closed connection through $disconnect', async () => {
    const socket = await connect('erin');
    expect(await connectionIdsOf('erin')).toHaveLength(1);
    await socket.close();
    await expect.poll(() => connectionIdsOf('erin')).toEqual([]);
  });

  it('treat a NotifyConnection to an unknown id as done: no crash, no retries, no dead letter', async () => {
    const deadBefore = gateway.queues.NotifyConnection.deadLetters().length;
    await notify('NotifyConnection', { connectionId: 'neverExisted=', data: 1 });
    expect(gateway.queues.NotifyConnection.deadLetters().length).toBe(deadBefore);
    expect((await fetch(`${gateway.url}/`)).status).toBe(200);
  });

  it('send a malformed NotifyUser to the dead-letter queue after its retries, losing nothing', async () => {
    await notify('NotifyUser', { user: 'typo' });
    expect(gateway.queues.NotifyUser.deadLetters().at(-1)).toMatchObject({ body: '{"user":"typo"}', receiveCount: 5 });
  });
});

describe('the Management API in local mode', () => {
  it('posts, gets and deletes a connection with the AWS SDK client', async () => {
    const socket = await connect('frank');
    const [connectionId] = await connectionIdsOf('frank');
    const client = new ApiGatewayManagementApiClient({ endpoint: gateway.url, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('{"from":"sdk"}') }));
    expect(await socket.waitFor(1)).toEqual(['{"from":"sdk"}']);
    const described = await client.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(described.ConnectedAt).toBeInstanceOf(Date);
    expect(described.Identity?.SourceIp).toBe('127.0.0.1');
    await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    await socket.closed;
    await expect(client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('late') }))).rejects.toBeInstanceOf(GoneException);
    await expect.poll(() => connectionIdsOf('frank')).toEqual([]);
  });
});

describe('API Gateway limits in local mode', () => {
  it('closes a connection that sends a message over 128 KB with 1009', async () => {
    const socket = await connect('gina');
    socket.send('x'.repeat(128 * 1024 + 1));
    expect((await socket.closed).code).toBe(1009);
  });

  it('closes idle connections with 1001 after the idle timeout', async () => {
    const idleGateway = await startLocalGateway({ port: 0, quiet: true, idleTimeoutMs: 150 });
    const socket = await TestSocket.open(`${idleGateway.websocketUrl}?token=${(await issueToken(idleGateway.url, 'hank')).access_token}`);
    expect((await socket.closed).code).toBe(1001);
    await idleGateway.close();
  });
});

describe('action auth mode', () => {
  it('lets anyone connect but refuses every action until {"action":"authorize"}', async () => {
    const actionGateway = await startLocalGateway({ port: 0, quiet: true, env: { WEBSOCKET_AUTH_MODE: 'action' } });
    const socket = await TestSocket.open(actionGateway.websocketUrl);
    socket.send({ action: 'ping' });
    socket.send({ action: 'test' });
    await socket.waitFor(2);
    socket.send({ action: 'authorize', token: (await issueToken(actionGateway.url, 'ivy')).access_token });
    await socket.waitFor(3);
    socket.send({ action: 'ping' });
    const replies = (await socket.waitFor(4)).map((reply) => JSON.parse(reply));
    expect(replies.slice(0, 2).map((reply) => reply.error)).toEqual(['unauthorized', 'unauthorized']);
    expect(replies.slice(2)).toEqual([{ type: 'authorized', userId: 'ivy' }, { type: 'pong' }]);
    await socket.close();
    await actionGateway.close();
  });
});
