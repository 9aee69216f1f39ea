export type DeliveryOutcome = 'delivered' | 'gone';

/**
 * Pushes a message to one connection. `gone` means the connection no longer exists (API Gateway's
 * 410). Transient trouble (throttling) is retried inside the adapter; what is still failing throws.
 */
export interface ConnectionNotifier {
  send(connectionId: string, payload: string): Promise<DeliveryOutcome>;
}
