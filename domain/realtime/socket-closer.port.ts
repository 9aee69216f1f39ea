/** Ends one Pusher-protocol socket (on AWS: DeleteConnection); closing a socket already gone is no error. */
export interface SocketCloser {
  close(socketId: string): Promise<void>;
}
