
/** What handlers log through: structured, and never given a token or a secret. */
export interface HandlerLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
  appendKeys(keys: Record<string, string | undefined>): void;
  resetKeys(): void;
}

/** `bridge_failed`: the Pusher bridge did not publish (an outage, or a message beyond Pusher's limits); WebSocket deliveries are unaffected. */
export type CountedOutcome = 'delivered' | 'gone' | 'queued' | 'retried' | 'failed' | 'invalid' | 'bridge_failed';

export interface HandlerMetrics {
  count(outcome: CountedOutcome, value?: number): void;
  /** Writes what was counted (CloudWatch embedded metric format) at the end of an invocation. */
  flush(): void;
}

export interface Observability {
  readonly logger: HandlerLogger;
  readonly metrics: HandlerMetrics;
}

/** For functions that count nothing: the Metrics module is not even loaded (bench/cold-start). */
export const NO_METRICS: HandlerMetrics = { count: () => undefined, flush: () => undefined };

/** Tags every log line of an invocation with its Lambda request id, and clears the keys afterwards. */
export function instrumented<E, R>(observability: Observability, handler: (event: E) => Promise<R>): (event: E, context?: { awsRequestId?: string }) => Promise<R> {
  return async (event, context) => {
    observability.logger.appendKeys({ requestId: context?.awsRequestId });
    try {
      return await handler(event);
    } finally {
      observability.logger.resetKeys();
    }
  };
}
