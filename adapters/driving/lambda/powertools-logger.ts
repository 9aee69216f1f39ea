import { Logger } from '@aws-lambda-powertools/logger';
import type { HandlerLogger } from './observability.ts';

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
