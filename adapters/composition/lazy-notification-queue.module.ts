import { ContainerModule } from 'inversify';
import type { NotificationQueue } from '../../domain/notifications/notification-queue.port.ts';
import { onFirstUse } from './on-first-use.ts';
import { requireAwsSetting, type RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/**
 * The NotifyConnection queue for the NotifyUser worker, which enqueues only for users with many
 * connections (fewer are posted to directly): the SQS client is loaded on the first enqueue, so the
 * common fan-out never pays for it. The queue's address is still required when the graph is built.
 */
export function lazyNotificationQueueModule(config: RuntimeConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SERVICE_IDS.NotificationQueue)
      .toResolvedValue(() => {
        requireAwsSetting(config, 'notifyConnectionQueueUrl');
        const queue = onFirstUse(async () => (await import('./sqs.module.ts')).createSqsNotificationQueue(config));
        return { enqueue: async (batch) => (await queue()).enqueue(batch) } satisfies NotificationQueue;
      })
      .inSingletonScope();
  });
}
