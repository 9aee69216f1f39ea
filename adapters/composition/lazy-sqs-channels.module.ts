import { ContainerModule } from 'inversify';
import type { ChannelDeliveryQueue } from '../../domain/realtime/channel-delivery-queue.port.ts';
import type { WebhookSignals } from '../../domain/webhooks/webhook-signals.port.ts';
import { onFirstUse } from './on-first-use.ts';
import { requireAwsSetting, type RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

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
