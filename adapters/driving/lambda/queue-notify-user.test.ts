import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { sqsEvent } from '../../../test/support/lambda-events.ts';
import { recordingObservability } from '../../../test/support/recording-observability.ts';
import { TEST_ENVIRONMENT } from '../../../test/support/test-environment.ts';
import { CONNECTION_TTL_MS } from '../../../domain/connections/connection.ts';
import { PUBLISH_LIMITS } from '../../../domain/channels/pusher-protocol.ts';
import type { UserEventPublisher } from '../../../domain/notifications/user-event-publisher.port.ts';
import { createInMemoryContainer } from '../../composition/in-memory-container.ts';
import { parseRuntimeConfig } from '../../composition/runtime-config.ts';
import { SERVICE_IDS } from '../../composition/service-ids.ts';
import { InMemoryConnectionNotifier } from '../../driven/in-memory/in-memory-connection-notifier.ts';
import { makeQueueNotifyUserHandler } from './queue-notify-user.ts';

/** SQS's side of the bargain: a record reported failed comes back, up to maxReceiveCount (5) times. */
async function receiveUntilDoneOrDeadLettered(handler: (event: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>, event: SQSEvent): Promise<number> {
  let records = event.Records;
  let receives = 0;
  while (records.length > 0 && receives < 5) {
    receives += 1;
    const { batchItemFailures } = await handler({ Records: records });
    const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
    records = records.filter((record) => failed.has(record.messageId));
  }
  return receives;
}

function worker(publisher: UserEventPublisher) {
  const notifier = new InMemoryConnectionNotifier();
  const config = parseRuntimeConfig({ ...TEST_ENVIRONMENT, PUSHER_BRIDGE: 'on' });
  const container = createInMemoryContainer(config, { notifier, publisher });
  const { observability, lines, counts } = recordingObservability();
  const handler = makeQueueNotifyUserHandler({ fanOutToUser: container.get(SERVICE_IDS.FanOutToUser), ...observability });
  const connect = async (connectionId: string, userId: string) => {
    const now = Date.now();
    await container.get(SERVICE_IDS.ConnectionRegistry).save({ connectionId, userId, connectedAt: now, expiresAt: now + CONNECTION_TTL_MS });
    notifier.open(connectionId);
  };
  return { handler, notifier, lines, counts, connect };
}

describe('NotifyUser worker while Pusher is down', () => {
  it('delivers on every WebSocket exactly once, counts and logs the bridge failure, and does not retry the record', async () => {
    let pusherCalls = 0;
    const down: UserEventPublisher = {
      publishToUser: async () => {
        pusherCalls += 1;
        throw new Error('Unexpected status code 503');
      },
    };
    const { handler, notifier, lines, counts, connect } = worker(down);
    await connect('conn-1=', 'alice');
    await connect('conn-2=', 'alice');

    const receives = await receiveUntilDoneOrDeadLettered(handler, sqsEvent([JSON.stringify({ userId: 'alice', data: { n: 1 } })]));

    expect(receives).toBe(1);
    expect(notifier.received('conn-1=')).toEqual(['{"n":1}']);
    expect(notifier.received('conn-2=')).toEqual(['{"n":1}']);
    expect(pusherCalls).toBe(1);
    expect(counts).toMatchObject({ delivered: 2, bridge_failed: 1 });
    expect(counts.failed).toBeUndefined();
    const logged = lines.find((line) => line.level === 'error');
    expect(logged?.message).toMatch(/Pusher bridge/);
    expect(logged?.attributes).toMatchObject({ messageId: 'message-0', problem: 'PusherFailed', reason: 'Error: Unexpected status code 503' });
  });

  it.each([
    ['a user id Pusher refuses', 'alice smith', 'hi'],
    ['data over Pusher\'s 10 KB', 'alice', 'x'.repeat(PUBLISH_LIMITS.dataBytes + 1)],
  ])('skips the bridge up front for %s: one delivery, never a call to Pusher', async (_, userId, data) => {
    let pusherCalls = 0;
    const { handler, notifier, lines, counts, connect } = worker({ publishToUser: async () => void (pusherCalls += 1) });
    await connect('conn-1=', userId);

    expect(await receiveUntilDoneOrDeadLettered(handler, sqsEvent([JSON.stringify({ userId, data })]))).toBe(1);

    expect(notifier.received('conn-1=')).toEqual([data]);
    expect(pusherCalls).toBe(0);
    expect(counts).toMatchObject({ delivered: 1, bridge_failed: 1 });
    expect(lines.find((line) => line.level === 'warn')?.attributes).toMatchObject({ problem: 'BeyondPusherLimits', reason: expect.any(String) });
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('publishes once and counts no bridge failure when Pusher is up', async () => {
    const published: string[] = [];
    const { handler, notifier, counts, lines, connect } = worker({ publishToUser: async (userId) => void published.push(userId) });
    await connect('conn-1=', 'alice');
    expect(await handler(sqsEvent([JSON.stringify({ userId: 'alice', data: 'hi' })]))).toEqual({ batchItemFailures: [] });
    expect(notifier.received('conn-1=')).toEqual(['hi']);
    expect(published).toEqual(['alice']);
    expect(counts.bridge_failed).toBeUndefined();
    expect(lines.find((line) => line.message === 'notified user')?.attributes).toMatchObject({ publishedToPusher: true });
  });
});
