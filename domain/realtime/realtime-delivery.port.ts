/** An event as a subscribed client receives it. */
export interface RealtimeMessage {
  readonly event: string;
  readonly channel?: string;
  /** A string as the publisher gave it, or an object the transport encodes. */
  readonly data: unknown;
  /** Set on client events in presence channels: who sent it. */
  readonly userId?: string;
}

/** Hands a message to one connected socket; unknown sockets are ignored (they just left). */
export interface RealtimeDelivery {
  deliver(socketId: string, message: RealtimeMessage): void;
}
