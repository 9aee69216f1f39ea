/** A live WebSocket connection as the registry keeps it. */
export interface Connection {
  readonly connectionId: string;
  /** Absent until an `authorize` action proves who is on the other end (action auth mode). */
  readonly userId?: string;
  /** Milliseconds since the epoch. */
  readonly connectedAt: number;
  /** When the registry may forget the row even if `$disconnect` never came. */
  readonly expiresAt: number;
}

/** API Gateway closes every WebSocket after two hours; rows outlive that a little, as `$disconnect` is best-effort. */
export const CONNECTION_TTL_MS = (2 * 60 + 10) * 60 * 1000;

/** API Gateway ids are about 16 characters; the local gateway's look the same. */
export const MAX_CONNECTION_ID_LENGTH = 128;
