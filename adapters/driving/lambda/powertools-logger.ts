import { Logger } from '@aws-lambda-powertools/logger';
import { NO_METRICS, type HandlerLogger, type Observability } from './observability.ts';
// Every function logs through here: its stack traces name the TypeScript sources from now on.
import './source-mapped-stack-traces.ts';

/** Powertools Logger: structured JSON, level from POWERTOOLS_LOG_LEVEL. */
export function createPowertoolsLogger(serviceName: string): HandlerLogger {
  const logger = new Logger({ serviceName });
  return {
    info: (message, attributes) => logger.info(message, attributes ?? {}),
    warn: (message, attributes) => logger.warn(message, attributes ?? {}),
    error: (message, attributes) => logger.error(message, attributes ?? {}),
    appendKeys: (keys) => logger.appendKeys(keys),
    resetKeys: () => logger.resetKeys(),
  };
}

/** For functions that count nothing: Powertools Logger only (the Metrics module is not even loaded). */
export function loggingOnlyObservability(serviceName: string): Observability {
  return { logger: createPowertoolsLogger(serviceName), metrics: NO_METRICS };
}
