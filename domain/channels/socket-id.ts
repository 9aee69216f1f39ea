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

/**
 * Pusher socket ids for API Gateway connections, and back. The `pusher` package and pusher-http-go
 * accept only `<digits>.<digits>`; a connection id (`f97yeeMZDoECGqg=`) is not one. Rather than mint
 * a random id and store the mapping (a read on every message and every delivery), the socket id
 * *is* the connection id, written in digits: `<byte length>.<its bytes as one decimal number>`.
 * Nothing secret is in either: a subscription is bound to a socket by the auth signature, not by
 * the id being hard to guess.
 */
export function socketIdOf(connectionId: string): string {
  const bytes = Buffer.from(connectionId, 'utf8');
  return `${bytes.length}.${bytes.length === 0 ? '0' : BigInt(`0x${bytes.toString('hex')}`).toString(10)}`;
}

/** The connection a socket id names; undefined for one no connection could have (a client's invention). */
export function connectionIdOf(socketId: string): string | undefined {
  const match = /^(\d{1,3})\.(\d{1,310})$/.exec(socketId);
  if (match === null) return undefined;
  const length = Number(match[1]);
  const hex = BigInt(match[2]!).toString(16);
  if (length === 0 || hex.length > length * 2) return undefined;
  const connectionId = Buffer.from(hex.padStart(length * 2, '0'), 'hex').toString('utf8');
  // Only ids this module wrote decode (anything else fails the round trip), and only printable ones, as API Gateway's are.
  return /^[\x21-\x7e]+$/.test(connectionId) && socketIdOf(connectionId) === socketId ? connectionId : undefined;
}
