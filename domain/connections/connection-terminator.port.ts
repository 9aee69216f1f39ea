/**
 * Ends a WebSocket API connection now (the Management API's DeleteConnection; `$disconnect`
 * follows). A connection already gone is not an error: the goal, no open connection, holds.
 */
export interface ConnectionTerminator {
  disconnect(connectionId: string): Promise<void>;
}
