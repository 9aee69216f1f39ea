import { err, ok, type Result } from '../shared/result.ts';

/** Generous for Pusher's `N.N` ids, small enough that nobody signs a megabyte. */
const MAX_SOCKET_ID_LENGTH = 64;
// Anything but digits-dot-digits is refused: a ':' in a socket id once let clients forge presence data.
const SOCKET_ID_PATTERN = /^\d+\.\d+$/;

export type SocketIdError = { readonly kind: 'InvalidSocketId'; readonly message: string };

export function parseSocketId(socketId: unknown): Result<string, SocketIdError> {
  if (typeof socketId !== 'string' || socketId.length === 0) {
    return err({ kind: 'InvalidSocketId', message: 'socket_id is required' });
  }
  if (socketId.length > MAX_SOCKET_ID_LENGTH || !SOCKET_ID_PATTERN.test(socketId)) {
    return err({ kind: 'InvalidSocketId', message: 'socket_id must look like 1234.5678' });
  }
  return ok(socketId);
}
