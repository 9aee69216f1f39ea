import { describe, expect, it } from 'vitest';
import { httpEvent, sqsEvent } from '../../../test/support/lambda-events.ts';
import { recordingObservability } from '../../../test/support/recording-observability.ts';
import { TEST_ENVIRONMENT } from '../../../test/support/test-environment.ts';
import { buildAllHandlers } from '../../composition/handler-table.ts';
import { createInMemoryContainer } from '../../composition/in-memory-container.ts';
import { parseRuntimeConfig } from '../../composition/runtime-config.ts';
import { SERVICE_IDS } from '../../composition/service-ids.ts';
import type { InMemoryAppWebhookSender } from '../../driven/in-memory/in-memory-app-webhook-sender.ts';
import { InMemoryWebhookEventSink } from '../../driven/in-memory/in-memory-webhook-event-sink.ts';

function system() {
  const webhookSink = new InMemoryWebhookEventSink();
  const container = createInMemoryContainer(parseRuntimeConfig(TEST_ENVIRONMENT), { webhookSink });
  const { observability, counts } = recordingObservability();
  const handlers = buildAllHandlers({ services: container, observability });
  return { container, handlers, counts, webhookSink, sender: container.get(SERVICE_IDS.AppWebhookSender) as InMemoryAppWebhookSender };
}

describe('queue-app-webhooks', () => {
  it("posts what the signals come to, and pushgate's own /pusher/webhook accepts it as a Pusher webhook", async () => {
    const s = system();
    await s.container.get(SERVICE_IDS.SubscriptionRegistry).add('1.1', 'presence-x', { userId: 'ann' });
    const result = await s.handlers['queue-app-webhooks'](sqsEvent([JSON.stringify({ kind: 'occupancy', channel: 'presence-x' }), JSON.stringify({ kind: 'presence', channel: 'presence-x', userId: 'ann' })]));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(s.sender.posted).toHaveLength(1);
    const { body, headers } = s.sender.posted[0]!;
    const received = await s.handlers['http-pusher-webhook'](httpEvent({ method: 'POST', path: '/pusher/webhook', headers: { ...headers }, body }));
    expect(received.statusCode).toBe(200);
    expect(s.webhookSink.deliveries[0]?.events).toEqual([{ name: 'channel_occupied', channel: 'presence-x' }, { name: 'member_added', channel: 'presence-x', user_id: 'ann' }]);
  });

  it('drops a malformed record and sends the batch back when the app refuses', async () => {
    const s = system();
    await s.container.get(SERVICE_IDS.SubscriptionRegistry).add('1.1', 'news');
    s.sender.post = async () => Promise.reject(new Error('503'));
    const event = sqsEvent(['not json', JSON.stringify({ kind: 'occupancy', channel: 'news' })]);
    const result = await s.handlers['queue-app-webhooks'](event);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]!.messageId }]);
    expect(s.counts.invalid).toBe(1);
  });
});
