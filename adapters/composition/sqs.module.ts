import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { ContainerModule } from 'inversify';
import { SqsNotificationQueue } from '../driven/sqs/sqs-notification-queue.ts';
import { SqsWebhookEventSink } from '../driven/sqs/sqs-webhook-event-sink.ts';
import { requireAwsSetting, type RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** The NotifyConnection queue and the webhook-events queue on SQS. */
export function sqsModule(config: RuntimeConfig, clientConfig: SQSClientConfig = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    const client = new SQSClient({ ...(config.aws.region === undefined ? {} : { region: config.aws.region }), ...clientConfig });
    bind(SERVICE_IDS.NotificationQueue).toResolvedValue(() => new SqsNotificationQueue(client, requireAwsSetting(config, 'notifyConnectionQueueUrl'))).inSingletonScope();
    bind(SERVICE_IDS.WebhookEventSink).toResolvedValue(() => new SqsWebhookEventSink(client, requireAwsSetting(config, 'webhookEventsQueueUrl'))).inSingletonScope();
  });
}
