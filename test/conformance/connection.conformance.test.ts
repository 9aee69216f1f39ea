import { describe, expect, it } from 'vitest';
import { parseData } from './support/clients.ts';
import { useConformance } from './support/suite.ts';

// The Pusher Channels protocol 7 handshake, on the wire (`ws`) and through pusher-js.
const context = useConformance();

describe('connection', () => {
  it('sends pusher:connection_established first, its data a JSON string with a N.N socket id and an activity timeout', async () => {
    const socket = await context.clients.raw();
    await socket.event('pusher:connection_established');
    const first = socket.frames[0]!;
    expect(first.event).toBe('pusher:connection_established');
    expect(typeof first.data, 'data is sent as a JSON string').toBe('string');
    const established = parseData(first) as { socket_id: unknown; activity_timeout: unknown };
    // The pusher package refuses any other form in authorizeChannel and authenticateUser.
    expect(established.socket_id).toMatch(/^\d+\.\d+$/);
    expect(established.activity_timeout).toEqual(expect.any(Number));
    expect(established.activity_timeout as number).toBeGreaterThan(0);
    expect(() => context.app.pusher.authorizeChannel(established.socket_id as string, 'private-x')).not.toThrow();
  });

  it('gives every connection its own socket id', async () => {
    const sockets = await Promise.all([context.clients.raw(), context.clients.raw(), context.clients.raw()]);
    const ids = await Promise.all(sockets.map((socket) => socket.socketId()));
    expect(new Set(ids).size).toBe(3);
  });

  it('answers pusher:ping with pusher:pong, and keeps the socket', async () => {
    const socket = await context.clients.raw();
    await socket.socketId();
    socket.send('pusher:ping', {});
    await socket.event('pusher:pong');
    await socket.roundTrip();
    expect(socket.socket.readyState).toBe(socket.socket.OPEN);
  });

  it('connects pusher-js, which reports a N.N socket id', async () => {
    const client = await context.clients.pusherJs('connecting-user');
    expect(client.connection.state).toBe('connected');
    expect(client.connection.socket_id).toMatch(/^\d+\.\d+$/);
  });

  it('refuses an app key it does not know with 4001 (as a pusher:error frame or the close code), so pusher-js stops', async () => {
    const socket = await context.clients.raw({ key: 'conformance-no-such-key' });
    const refusal = await Promise.race([
      socket.event('pusher:error').then((frame) => (parseData(frame) as { code: unknown }).code),
      socket.closed.then((code) => (code === 4001 ? code : `closed with ${code}, no 4001`)),
    ]);
    expect(refusal).toBe(4001);
    expect(socket.frames.some((frame) => frame.event === 'pusher:connection_established')).toBe(false);
  });
});
