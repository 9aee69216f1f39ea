import { ContainerModule } from 'inversify';
import type { NotificationQueue } from '../../domain/notifications/notification-queue.port.ts';
import type { ChannelDeliveryQueue } from '../../domain/realtime/channel-delivery-queue.port.ts';
import type { WebhookSignals } from '../../domain/webhooks/webhook-signals.port.ts';
import { onFirstUse } from './on-first-use.ts';
import { requireAwsSetting, type RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

// SQS queues whose client is made on first use (sqs.module.ts, imported then): for functions that
// enqueue on their less common path only. Each queue's address is still required when the graph is built.

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

/**
 * The channel functions' two queues on SQS, each making its SQS client on first use: the fan-out
 * queue takes only channels of more than 100 sockets, so most invocations never load the client;
 * webhook signals (bound only where a webhook URL is set) go with most subscribes and leaves, so there
 * the first such invocation pays for it instead of the cold start. Their addresses are still required
 * when the graph is built.
 */
export function lazySqsChannelsModule(config: RuntimeConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SERVICE_IDS.ChannelDeliveryQueue)
      .toResolvedValue(() => {
        requireAwsSetting(config, 'channelFanOutQueueUrl');
        const queue = onFirstUse(async () => (await import('./sqs.module.ts')).createSqsChannelDeliveryQueue(config));
        return { enqueue: async (chunks) => (await queue()).enqueue(chunks) } satisfies ChannelDeliveryQueue;
      })
      .inSingletonScope();
    if (config.pusherWebhookUrl === undefined) return;
    bind(SERVICE_IDS.WebhookSignals)
      .toResolvedValue(() => {
        requireAwsSetting(config, 'appWebhookQueueUrl');
        const signals = onFirstUse(async () => (await import('./sqs.module.ts')).createSqsWebhookSignals(config));
        return { send: async (batch, options) => (await signals()).send(batch, options) } satisfies WebhookSignals;
      })
      .inSingletonScope();
  });
}
