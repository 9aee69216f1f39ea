import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { ContainerModule } from 'inversify';
import { SqsChannelDeliveryQueue } from '../driven/sqs/sqs-channel-delivery-queue.ts';
import { SqsNotificationQueue } from '../driven/sqs/sqs-notification-queue.ts';
import { SqsWebhookEventSink } from '../driven/sqs/sqs-webhook-event-sink.ts';
import { awsRegionOf, requireAwsSetting, type RuntimeConfig } from './runtime-config.ts';
import { SqsWebhookSignals } from '../driven/sqs/sqs-webhook-signals.ts';
import { SERVICE_IDS } from './service-ids.ts';

function sqsClient(config: RuntimeConfig, clientConfig: SQSClientConfig): SQSClient {
  return new SQSClient({ ...awsRegionOf(config), ...clientConfig });
}

/** The NotifyConnection queue on SQS, with a client of its own (lazy-sqs.module.ts makes it on the first enqueue). */
export function createSqsNotificationQueue(config: RuntimeConfig, clientConfig: SQSClientConfig = {}): SqsNotificationQueue {
  return new SqsNotificationQueue(sqsClient(config, clientConfig), requireAwsSetting(config, 'notifyConnectionQueueUrl'));
}

/** The NotifyConnection queue and the webhook-events queue on SQS. */
export function sqsModule(config: RuntimeConfig, clientConfig: SQSClientConfig = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    const client = sqsClient(config, clientConfig);
    bind(SERVICE_IDS.NotificationQueue).toResolvedValue(() => new SqsNotificationQueue(client, requireAwsSetting(config, 'notifyConnectionQueueUrl'))).inSingletonScope();
    bind(SERVICE_IDS.WebhookEventSink).toResolvedValue(() => new SqsWebhookEventSink(client, requireAwsSetting(config, 'webhookEventsQueueUrl'))).inSingletonScope();
  });
}

/** The channel fan-out queue, for the functions that publish to channels (lazy-sqs.module.ts makes it on the first enqueue). */
export function createSqsChannelDeliveryQueue(config: RuntimeConfig, clientConfig: SQSClientConfig = {}): SqsChannelDeliveryQueue {
  return new SqsChannelDeliveryQueue(sqsClient(config, clientConfig), requireAwsSetting(config, 'channelFanOutQueueUrl'));
}

/** Signals to the webhook worker (lazy-sqs.module.ts makes them on the first signal). */
export function createSqsWebhookSignals(config: RuntimeConfig, clientConfig: SQSClientConfig = {}): SqsWebhookSignals {
  return new SqsWebhookSignals(sqsClient(config, clientConfig), requireAwsSetting(config, 'appWebhookQueueUrl'));
}
