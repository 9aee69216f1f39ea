/** Closes the Pusher-protocol sockets signed in as a user (Pusher's `terminate_connections`). */
export interface UserSocketsTerminator {
  terminateUser(userId: string): Promise<void>;
}
