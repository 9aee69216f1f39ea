import { describe, expect, it, vi } from 'vitest';
import { TEST_ENVIRONMENT } from '../../test/support/test-environment.ts';
import type { ConnectionNotification } from '../../domain/notifications/notification.ts';
import type { ChannelDeliveryChunk } from '../../domain/realtime/channel-delivery-chunk.ts';
import type { WebhookSignal } from '../../domain/webhooks/app-webhooks.ts';
import { createContainer } from './container.ts';
import { lazyNotificationQueueModule, lazySqsChannelsModule } from './lazy-sqs.module.ts';
import { parseRuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

const enqueued: (readonly ConnectionNotification[])[] = [];
const chunksEnqueued: (readonly ChannelDeliveryChunk[])[] = [];
const signalled: (readonly WebhookSignal[])[] = [];
const created = vi.fn(() => ({ enqueue: async (batch: readonly ConnectionNotification[]) => void enqueued.push(batch) }));
const queues = vi.fn(() => ({ enqueue: async (chunks: readonly ChannelDeliveryChunk[]) => void chunksEnqueued.push(chunks) }));
const signals = vi.fn(() => ({ send: async (batch: readonly WebhookSignal[]) => void signalled.push(batch) }));
vi.mock('./sqs.module.ts', () => ({ createSqsNotificationQueue: created, createSqsChannelDeliveryQueue: queues, createSqsWebhookSignals: signals }));

const QUEUE = { ...TEST_ENVIRONMENT, AWS_REGION: 'eu-west-1', NOTIFY_CONNECTION_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/notify-connection' };

describe('the NotifyConnection queue of the NotifyUser worker', () => {
  it('makes its SQS client on the first enqueue, once', async () => {
    const config = parseRuntimeConfig(QUEUE);
    const queue = createContainer(config, lazyNotificationQueueModule(config)).get(SERVICE_IDS.NotificationQueue);
    expect(created).not.toHaveBeenCalled();
    const batch: readonly ConnectionNotification[] = [{ connectionId: 'c1', data: { hello: 'world' } }];
    await queue.enqueue(batch);
    await queue.enqueue(batch);
    expect(created).toHaveBeenCalledTimes(1);
    expect(enqueued).toEqual([batch, batch]);
  });

  it('needs NOTIFY_CONNECTION_QUEUE_URL when the graph is built, not at the first enqueue', () => {
    const { NOTIFY_CONNECTION_QUEUE_URL: _url, ...without } = QUEUE;
    const config = parseRuntimeConfig(without);
    expect(() => createContainer(config, lazyNotificationQueueModule(config)).get(SERVICE_IDS.NotificationQueue)).toThrow('NOTIFY_CONNECTION_QUEUE_URL is required by this function');
  });
});

const QUEUES = {
  ...TEST_ENVIRONMENT,
  AWS_REGION: 'eu-west-1',
  CHANNEL_FAN_OUT_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/channel-fan-out',
  APP_WEBHOOK_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/app-webhooks',
  PUSHER_WEBHOOK_URL: 'https://app.example.com/pusher/webhooks',
};

describe("the channel functions' queues", () => {
  it('make their SQS clients on first use, once each', async () => {
    const config = parseRuntimeConfig(QUEUES);
    const services = createContainer(config, lazySqsChannelsModule(config));
    const [queue, webhookSignals] = [services.get(SERVICE_IDS.ChannelDeliveryQueue), services.get(SERVICE_IDS.WebhookSignals)];
    expect(queues).not.toHaveBeenCalled();
    expect(signals).not.toHaveBeenCalled();
    const chunk: ChannelDeliveryChunk = { message: { event: 'e', channel: 'c', data: 'x' }, socketIds: ['1.1'] };
    await queue.enqueue([chunk]);
    await queue.enqueue([chunk]);
    await webhookSignals.send([{ kind: 'occupancy', channel: 'c' }]);
    expect(queues).toHaveBeenCalledTimes(1);
    expect(signals).toHaveBeenCalledTimes(1);
    expect(chunksEnqueued).toEqual([[chunk], [chunk]]);
    expect(signalled).toEqual([[{ kind: 'occupancy', channel: 'c' }]]);
  });

  it('bind no webhook signals without a webhook URL, and need each queue address when the graph is built', () => {
    const { PUSHER_WEBHOOK_URL: _url, ...withoutWebhooks } = QUEUES;
    const quiet = parseRuntimeConfig(withoutWebhooks);
    expect(createContainer(quiet, lazySqsChannelsModule(quiet)).isBound(SERVICE_IDS.WebhookSignals)).toBe(false);
    const { CHANNEL_FAN_OUT_QUEUE_URL: _queue, ...withoutQueue } = QUEUES;
    const missing = parseRuntimeConfig(withoutQueue);
    expect(() => createContainer(missing, lazySqsChannelsModule(missing)).get(SERVICE_IDS.ChannelDeliveryQueue)).toThrow('CHANNEL_FAN_OUT_QUEUE_URL is required by this function');
  });
});
