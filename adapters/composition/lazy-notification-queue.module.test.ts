import { describe, expect, it, vi } from 'vitest';
import { TEST_ENVIRONMENT } from '../../test/support/test-environment.ts';
import type { ConnectionNotification } from '../../domain/notifications/notification.ts';
import { createContainer } from './container.ts';
import { lazyNotificationQueueModule } from './lazy-notification-queue.module.ts';
import { parseRuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

const enqueued: (readonly ConnectionNotification[])[] = [];
const created = vi.fn(() => ({ enqueue: async (batch: readonly ConnectionNotification[]) => void enqueued.push(batch) }));
vi.mock('./sqs.module.ts', () => ({ createSqsNotificationQueue: created }));

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
