/** An event as a subscribed client receives it. */
export interface RealtimeMessage {
  readonly event: string;
  readonly channel?: string;
  /** A string as the publisher gave it, or an object the transport encodes. */
  readonly data: unknown;
  /** Set on client events in presence channels: who sent it. */
  readonly userId?: string;
}

/** `gone`: the socket no longer exists (API Gateway's 410); its subscriptions should go too. */
export type RealtimeDeliveryOutcome = 'delivered' | 'gone';

/**
 * Hands a message to one connected socket, wherever it is held (on AWS: a PostToConnection).
 * Throttling is retried inside the adapter; what still fails throws.
 */
export interface RealtimeDelivery {
  deliver(socketId: string, message: RealtimeMessage): Promise<RealtimeDeliveryOutcome>;
}
