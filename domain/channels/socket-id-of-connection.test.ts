import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { connectionIdOf, parseSocketId, socketIdOf } from './socket-id.ts';

/** What the `pusher` package and pusher-http-go accept as a socket id. */
const PUSHER_SOCKET_ID = /^\d+\.\d+$/;

describe('Pusher socket ids for API Gateway connections', () => {
  it('writes every connection id as a socket id the Pusher SDKs accept, and reads it back', () => {
    for (const connectionId of ['f97yeeMZDoECGqg=', 'L0SM9cOFvHcCIhw=', 'AAAAAAAAAAAAAAA=', randomBytes(11).toString('base64')]) {
      const socketId = socketIdOf(connectionId);
      expect(socketId).toMatch(PUSHER_SOCKET_ID);
      expect(connectionIdOf(socketId)).toBe(connectionId);
      // pushgate's own auth endpoints take it too (they hold socket ids to 64 characters).
      expect(parseSocketId(socketId).ok).toBe(true);
    }
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9+/=_-]{1,64}$/), (connectionId) => {
        expect(socketIdOf(connectionId)).toMatch(PUSHER_SOCKET_ID);
        expect(connectionIdOf(socketIdOf(connectionId))).toBe(connectionId);
      }),
    );
  });

  it('names no connection for a socket id no connection could have', () => {
    for (const socketId of ['123.456', '1.00120', '16.1', '0.0', '1.1.1', 'abc', '', '2.97', `999.${'9'.repeat(400)}`]) expect(connectionIdOf(socketId)).toBeUndefined();
    fc.assert(fc.property(fc.string(), (socketId) => void connectionIdOf(socketId)));
  });
});
