import Pusher from 'pusher';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_STORAGES, startOn } from './support/local-storages.ts';
import type { LocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { pusherAuthSignature } from '../../domain/channels/pusher-signature.ts';

let gateway: LocalGateway;
const credentials = { appId: '100001', key: 'local-key', secret: 'local-secret' };

interface Frame {
  event: string;
  channel?: string;
  data: string;
}

/** A raw protocol-7 client: what pusher-js does on the wire, frame by frame. */
async function rawClient(key = 'local-key', protocol = '7') {
  const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/app/${key}?protocol=${protocol}&client=js&version=8.6.0`);
  const frames: Frame[] = [];
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  let frameArrived = () => {};
  socket.on('message', (raw) => {
    frames.push(JSON.parse(raw.toString()) as Frame);
    frameArrived();
  });
  /** Takes the first frame of this event, waiting for it to arrive (bounded). */
  const next = (event: string, timeoutMs = 5000): Promise<Frame> =>
    new Promise((resolve, reject) => {
      const take = () => {
        const index = frames.findIndex((frame) => frame.event === event);
        if (index < 0) return;
        clearTimeout(timer);
        frameArrived = () => {};
        resolve(frames.splice(index, 1)[0]!);
      };
      const timer = setTimeout(() => {
        frameArrived = () => {};
        reject(new Error(`no ${event} in ${JSON.stringify(frames)}`));
      }, timeoutMs);
      frameArrived = take;
      take();
    });
  return { socket, frames, closed, next, send: (event: string, data: unknown, channel?: string) => socket.send(JSON.stringify({ event, data, ...(channel === undefined ? {} : { channel }) })) };
}

describe.each(LOCAL_STORAGES)('with local mode\'s storage $label', (storage) => {
  beforeAll(async () => {
    // A short idle timeout, to see API Gateway's (10 min) close a silent socket; every other test here keeps talking.
    gateway = await startOn(storage, { idleTimeoutMs: 2_000 });
  });
  afterAll(async () => {
    await gateway.close();
  });

  describe('the Pusher Channels protocol in local mode (the channels API over the Lambda handlers), on the wire', () => {
    it('refuses an unknown app key with a first frame pusher:error 4001, then deletes the connection', async () => {
      const client = await rawClient('nobody');
      expect(JSON.parse((await client.next('pusher:error')).data)).toMatchObject({ code: 4001 });
      // DeleteConnection takes no close code: the 4001 frame is what makes pusher-js stop.
      expect(await client.closed).toBe(1000);
      expect(client.frames).toEqual([]);
    });

    it('refuses a protocol version it does not speak with pusher:error 4007', async () => {
      const client = await rawClient('local-key', '3');
      expect(JSON.parse((await client.next('pusher:error')).data)).toMatchObject({ code: 4007 });
      expect(await client.closed).toBe(1000);
    });

    it('answers a frame that is not JSON, or an event it does not know, with pusher:error, and keeps the socket', async () => {
      const client = await rawClient();
      await client.next('pusher:connection_established');
      client.socket.send('not json');
      expect(JSON.parse((await client.next('pusher:error')).data).message).toMatch(/JSON objects with an event/);
      client.send('pusher:unsubscribe', { channel: 'x'.repeat(2_000) });
    expect(JSON.parse((await client.next('pusher:error')).data).message).toMatch(/Cannot unsubscribe/);
    client.send('pusher:unknown', {});
      expect(JSON.parse((await client.next('pusher:error')).data).message).toMatch(/Unsupported event pusher:unknown/);
      client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
      await client.next('pusher:error');
      client.send('pusher:ping', {});
      await client.next('pusher:pong');
      client.socket.close();
    });

    it('refuses an app key that is not valid percent-encoding with 400, and keeps serving', async () => {
      const status = await new Promise<number | undefined>((resolve) => {
        const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/app/%zz`);
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode));
        socket.on('error', () => resolve(undefined));
      });
      expect(status).toBe(400);
      expect((await fetch(`${gateway.url}/`)).status).toBe(200);
    });

    it('establishes a N.N socket id and answers ping with pong', async () => {
      const client = await rawClient();
      const established = JSON.parse((await client.next('pusher:connection_established')).data) as { socket_id: string; activity_timeout: number };
      expect(established.socket_id).toMatch(/^\d+\.\d+$/);
      expect(established.activity_timeout).toBe(120);
      client.send('pusher:ping', {});
      await client.next('pusher:pong');
      client.socket.close();
    });

    it('closes a silent socket at the idle timeout, as API Gateway does (pusher-js pings well before its 10 minutes)', async () => {
      const client = await rawClient();
      await client.next('pusher:connection_established');
      expect(await Promise.race([client.closed, new Promise((resolve) => setTimeout(() => resolve('still open'), 8_000))])).toBe(1001);
    });

    it('refuses a forged or missing signature with pusher:subscription_error, and accepts the real one', async () => {
      const client = await rawClient();
      const socketId = (JSON.parse((await client.next('pusher:connection_established')).data) as { socket_id: string }).socket_id;
      client.send('pusher:subscribe', { channel: 'private-wire', auth: 'local-key:0000' });
      const refused = await client.next('pusher:subscription_error');
      expect(refused.channel).toBe('private-wire');
      expect(JSON.parse(refused.data)).toMatchObject({ type: 'AuthError', status: 401 });
      client.send('pusher:subscribe', { channel: 'private-wire', auth: pusherAuthSignature(credentials, `${socketId}:private-wire`) });
      expect((await client.next('pusher_internal:subscription_succeeded')).channel).toBe('private-wire');
      client.send('client-too-big', { blob: 'x'.repeat(11 * 1024) }, 'private-wire');
      expect(JSON.parse((await client.next('pusher:error')).data).message).toMatch(/over 10240 bytes/);
      client.socket.close();
    });

    it('publishes batches and terminates a signed-in user\'s connections through the HTTP API', async () => {
      const client = await rawClient();
      const socketId = (JSON.parse((await client.next('pusher:connection_established')).data) as { socket_id: string }).socket_id;
      const userData = JSON.stringify({ id: 'wire-user' });
      client.send('pusher:signin', { auth: pusherAuthSignature(credentials, `${socketId}::user::${userData}`), user_data: userData });
      await client.next('pusher:signin_success');
      client.send('pusher:subscribe', { channel: 'news' });
      await client.next('pusher_internal:subscription_succeeded');
      const server = new Pusher({ ...credentials, host: '127.0.0.1', port: String(gateway.port), useTLS: false });
      await server.triggerBatch([{ channel: 'news', name: 'a', data: { n: 1 } }, { channel: 'news', name: 'b', data: { n: 2 } }]);
      expect(JSON.parse((await client.next('a')).data)).toEqual({ n: 1 });
      expect(JSON.parse((await client.next('b')).data)).toEqual({ n: 2 });
      await expect(server.triggerBatch(Array.from({ length: 11 }, () => ({ channel: 'news', name: 'x', data: 1 })))).rejects.toMatchObject({ status: 400 });
      await server.terminateUserConnections('wire-user');
      // DeleteConnection: pusher-js reconnects, and its app's auth endpoint decides whether it may sign in again.
      expect(await client.closed).toBe(1000);
    });
  });
});
