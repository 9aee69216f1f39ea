import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { decodeWebhookSignal, type WebhookSignal } from '../../../domain/webhooks/app-webhooks.ts';
import type { SendAppWebhooks } from '../../../domain/webhooks/send-app-webhooks.use-case.ts';
import type { Observability } from './observability.ts';

/**
 * The webhook worker: the whole batch's signals become one set of events (posted in requests of at
 * most 20). When the app does not accept them, every record comes back (SQS retries it after the
 * visibility timeout, five times, then the dead-letter queue): what was not announced is sent again,
 * nothing is lost. A malformed record is logged and dropped: only pushgate writes this queue.
 */
export function makeQueueAppWebhooksHandler(deps: { sendAppWebhooks: SendAppWebhooks } & Observability) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const signals: WebhookSignal[] = [];
    const wellFormed: string[] = [];
    for (const record of event.Records) {
      const signal = decodeWebhookSignal(record.body);
      if (!signal.ok) {
        deps.metrics.count('invalid');
        deps.logger.error('AppWebhooks message is malformed; dropped, not retried', { messageId: record.messageId, reason: signal.error });
        continue;
      }
      signals.push(signal.value);
      wellFormed.push(record.messageId);
    }
    try {
      const { sent } = await deps.sendAppWebhooks.execute(signals);
      deps.metrics.count('delivered', sent);
      return { batchItemFailures: [] };
    } catch (error) {
      deps.metrics.count('retried', wellFormed.length);
      deps.logger.warn('webhooks not accepted by the app; the batch comes back', { error: error instanceof Error ? error.message : String(error) });
      return { batchItemFailures: wellFormed.map((itemIdentifier) => ({ itemIdentifier })) };
    } finally {
      deps.metrics.flush();
    }
  };
}
