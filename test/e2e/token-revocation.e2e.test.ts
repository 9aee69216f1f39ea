import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { issueToken, TestSocket } from './support/clients.ts';

let gateway: LocalGateway;
beforeAll(async () => {
  gateway = await startLocalGateway({ port: 0, quiet: true });
});
afterAll(() => gateway.close());

const BASIC = `Basic ${Buffer.from('local-key:local-secret').toString('base64')}`;

function revoke(fields: Record<string, string>, authorization: string | null = BASIC): Promise<Response> {
  return fetch(`${gateway.url}/token/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization === null ? {} : { authorization }) },
    body: new URLSearchParams(fields),
  });
}

async function refreshStatus(refreshToken: string): Promise<number> {
  const response = await fetch(`${gateway.url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }) });
  return response.status;
}

async function pong(socket: TestSocket): Promise<boolean> {
  const before = socket.received.length;
  socket.send({ action: 'ping' });
  await socket.waitFor(before + 1);
  return socket.received.at(-1)!.includes('pong');
}

/** A Pusher-protocol socket signed in as the token's user, through pushgate's own /pusher/user-auth. */
async function pusherSignedIn(accessToken: string): Promise<{ closed: Promise<number> }> {
  const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/app/local-key?protocol=7&client=js&version=8.6.0`);
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const frames: { event: string; data: string }[] = [];
  socket.on('message', (raw) => frames.push(JSON.parse(raw.toString()) as { event: string; data: string }));
  const next = async (event: string) => {
    for (let waited = 0; waited < 5000; waited += 10) {
      const frame = frames.find((candidate) => candidate.event === event);
      if (frame !== undefined) return frame;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no ${event} in ${JSON.stringify(frames)}`);
  };
  const { socket_id: socketId } = JSON.parse((await next('pusher:connection_established')).data) as { socket_id: string };
  const auth = await fetch(`${gateway.url}/pusher/user-auth`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ socket_id: socketId }),
  });
  socket.send(JSON.stringify({ event: 'pusher:signin', data: await auth.json() }));
  await next('pusher:signin_success');
  return { closed };
}

describe('POST /token/revoke in local mode', () => {
  it("revoking a user refuses their refresh tokens and closes their open connections now, and no one else's", async () => {
    const alice = await issueToken(gateway.url, 'revoked-alice');
    const aliceAgain = await issueToken(gateway.url, 'revoked-alice');
    const bob = await issueToken(gateway.url, 'kept-bob');
    const aliceSockets = [await TestSocket.open(`${gateway.websocketUrl}?token=${alice.access_token}`), await TestSocket.open(`${gateway.websocketUrl}?token=${aliceAgain.access_token}`)];
    const bobSocket = await TestSocket.open(`${gateway.websocketUrl}?token=${bob.access_token}`);
    const alicePusher = await pusherSignedIn(alice.access_token);
    expect(await pong(aliceSockets[0]!)).toBe(true);

    const response = await revoke({ user_id: 'revoked-alice' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});

    for (const socket of aliceSockets) expect(await socket.closed).toEqual({ code: 1000, reason: 'Connection deleted' });
    // Through the pusher package's terminate_connections: the channels API deletes the connection (no close code over API Gateway).
    expect(await alicePusher.closed).toBe(1000);
    expect(await refreshStatus(alice.refresh_token)).toBe(401);
    expect(await refreshStatus(aliceAgain.refresh_token)).toBe(401);
    expect(await pong(bobSocket)).toBe(true);
    expect(await refreshStatus(bob.refresh_token)).toBe(200);
    await bobSocket.close();
  });

  it('revoking a refresh token ends that sign-in only; unknown tokens answer 200 too (RFC 7009)', async () => {
    const laptop = await issueToken(gateway.url, 'token-carol');
    const phone = await issueToken(gateway.url, 'token-carol');
    expect((await revoke({ token: laptop.refresh_token, token_type_hint: 'refresh_token' }, null)).status).toBe(200);
    expect(await refreshStatus(laptop.refresh_token)).toBe(401);
    expect(await refreshStatus(phone.refresh_token)).toBe(200);
    expect((await revoke({ token: 'never-issued' })).status).toBe(200);
  });

  it('needs the client credentials to revoke a user', async () => {
    const dave = await issueToken(gateway.url, 'dave');
    expect((await revoke({ user_id: 'dave' }, null)).status).toBe(401);
    expect((await revoke({ user_id: 'dave' }, `Basic ${Buffer.from('local-key:wrong').toString('base64')}`)).status).toBe(401);
    expect(await refreshStatus(dave.refresh_token)).toBe(200);
  });
});
