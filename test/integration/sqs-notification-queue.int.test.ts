import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SendMessageBatchCommandInput, type SendMessageBatchCommandOutput, type SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { InMemoryConnectionNotifier } from '../../adapters/driven/in-memory/in-memory-connection-notifier.ts';
import { InMemoryConnectionRegistry } from '../../adapters/driven/in-memory/in-memory-connection-registry.ts';
import { SqsNotificationQueue } from '../../adapters/driven/sqs/sqs-notification-queue.ts';
import { CONNECTION_TTL_MS } from '../../domain/connections/connection.ts';
import { DeliverToConnection } from '../../domain/notifications/deliver-to-connection.use-case.ts';
import { FanOutToUser } from '../../domain/notifications/fan-out-to-user.use-case.ts';
import { describeNotificationQueueContract } from '../../domain/notifications/notification-queue.contract.ts';
import { MAX_NOTIFICATION_BYTES, type ConnectionNotification } from '../../domain/notifications/notification.ts';
import { backend, backendLabel, createQueue, sqsClient } from './support/aws-clients.ts';

const client = sqsClient();
const NO_WAIT = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 };

/** Drains the queue: receive until two empty answers in a row (bounded). */
async function drain(sqs: SQSClient, queueUrl: string): Promise<ConnectionNotification[]> {
  const messages: ConnectionNotification[] = [];
  let emptyAnswers = 0;
  for (let round = 0; round < 20 && emptyAnswers < 2; round += 1) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    emptyAnswers = Messages.length === 0 ? emptyAnswers + 1 : 0;
    messages.push(...Messages.map((message) => JSON.parse(message.Body ?? 'null') as ConnectionNotification));
    if (Messages.length > 0) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })) }));
    }
  }
  return messages;
}

describe('SQS backend', () => {
  it('is named in the output', () => {
    console.log(`[integration] SQS suites run against ${backend().description}`);
    expect(backend().sqsEndpoint).toMatch(/^http:\/\/(127\.0\.0\.1|localhost)/);
  });
});

describeNotificationQueueContract(`SQS on ${backendLabel()}`, async () => {
  const queueUrl = await createQueue(client);
  return { queue: new SqsNotificationQueue(client, queueUrl, NO_WAIT), received: () => drain(client, queueUrl) };
});

/**
 * A client to the real queue whose first `refusals` answers turn entry "1" into a refusal, as SQS
 * reports entries it did not accept (the emulator never refuses one); it counts the requests sent.
 */
function refusingClient(refusal: { code: string; senderFault: boolean }, refusals: number) {
  const client = sqsClient();
  const sent: string[][] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as SendMessageBatchCommandInput;
      sent.push((input.Entries ?? []).map((entry) => entry.Id ?? ''));
      if (sent.length > refusals) return next(args);
      const withoutEntry = { ...input, Entries: (input.Entries ?? []).filter((entry) => entry.Id !== '1') };
      const result = await next({ ...args, input: withoutEntry });
      const output = result.output as SendMessageBatchCommandOutput;
      const refused = (input.Entries ?? []).some((entry) => entry.Id === '1');
      const failed = refused ? [{ Id: '1', Code: refusal.code, SenderFault: refusal.senderFault, Message: 'refused by the test' }] : [];
      return { ...result, output: { ...output, Failed: [...(output.Failed ?? []), ...failed] } };
    },
    { step: 'initialize', name: 'refuseEntryOne' },
  );
  return { client, sent };
}

/** Every call SQS answers with an error, by the error's name (after the SDK's own retries, which never retry a refusal). */
function refusedCalls(sqs: SQSClient): string[] {
  const refused: string[] = [];
  sqs.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        refused.push((error as Error).name);
        throw error;
      }
    },
    { step: 'initialize', name: 'countRefusedCalls' },
  );
  return refused;
}

describe(`SqsNotificationQueue on ${backendLabel()}`, () => {
  it('queues a 128 KB notification of quotes for a user with 10 connections without one refused call', async () => {
    const sqs = sqsClient();
    const refused = refusedCalls(sqs);
    const queueUrl = await createQueue(sqs);
    const registry = new InMemoryConnectionRegistry();
    const now = 1_700_000_000_000;
    for (let index = 0; index < 10; index += 1) await registry.save({ connectionId: `conn-${index}`, userId: 'alice', connectedAt: now, expiresAt: now + CONNECTION_TTL_MS });
    const fanOut = new FanOutToUser({
      registry,
      deliver: new DeliverToConnection(new InMemoryConnectionNotifier(), registry),
      queue: new SqsNotificationQueue(sqs, queueUrl, NO_WAIT),
      clock: { now: () => now },
      settings: { directDeliveryLimit: 0, concurrency: 4, registryPageSize: 100 },
    });
    const quotes = '"'.repeat(MAX_NOTIFICATION_BYTES);
    expect(await fanOut.execute({ userId: 'alice', data: quotes })).toMatchObject({ connections: 10, queued: 10 });
    expect(refused).toEqual([]);
    const got = await drain(sqs, queueUrl);
    expect(got.map((message) => message.connectionId).sort()).toEqual(Array.from({ length: 10 }, (_, index) => `conn-${index}`).sort());
    for (const message of got) expect(message.data).toBe(quotes);
  });

  it('splits and resends a batch SQS refuses as too long, instead of failing it', async () => {
    const sqs = sqsClient();
    const refused = refusedCalls(sqs);
    const queueUrl = await createQueue(sqs);
    const quotes = '"'.repeat(MAX_NOTIFICATION_BYTES);
    const batch = Array.from({ length: 10 }, (_, index) => ({ connectionId: `conn-${index}`, data: quotes }));
    await new SqsNotificationQueue(sqs, queueUrl, NO_WAIT).enqueue(batch);
    // The emulator holds SQS's 1 MiB a call: the refusals prove the split happened, the drain that nothing was lost.
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused)).toEqual(new Set(['BatchRequestTooLong']));
    expect((await drain(sqs, queueUrl)).map((message) => message.connectionId).sort()).toEqual(batch.map((message) => message.connectionId).sort());
  });

  it('passes on SQS\'s own refusal, unretried, when the queue does not exist', async () => {
    const { client: counting, sent } = refusingClient({ code: 'unused', senderFault: true }, 0);
    const queue = new SqsNotificationQueue(counting, `${backend().sqsEndpoint}/123456789012/no-such-queue`, NO_WAIT);
    await expect(queue.enqueue([{ connectionId: 'c', data: 1 }])).rejects.toMatchObject({ name: 'QueueDoesNotExist', $metadata: { httpStatusCode: 400 } });
    expect(sent).toHaveLength(1);
  });

  it('says which messages SQS refused for good (a sender fault), and sends the others once', async () => {
    const queueUrl = await createQueue(client);
    const { client: refusing, sent } = refusingClient({ code: 'InvalidMessageContents', senderFault: true }, Infinity);
    const queue = new SqsNotificationQueue(refusing, queueUrl, NO_WAIT);
    await expect(queue.enqueue([{ connectionId: 'a', data: 1 }, { connectionId: 'b', data: 2 }])).rejects.toThrow('SQS did not accept 1 of 2 messages: 1: InvalidMessageContents (refused by the test)');
    expect(sent).toEqual([['0', '1']]);
    expect(await drain(client, queueUrl)).toEqual([{ connectionId: 'a', data: 1 }]);
  });

  it('sends again only the messages SQS refused for a while (not a sender fault)', async () => {
    const queueUrl = await createQueue(client);
    const { client: refusing, sent } = refusingClient({ code: 'InternalError', senderFault: false }, 1);
    const queue = new SqsNotificationQueue(refusing, queueUrl, NO_WAIT);
    await queue.enqueue([{ connectionId: 'a', data: 1 }, { connectionId: 'b', data: 2 }]);
    expect(sent).toEqual([['0', '1'], ['1']]);
    const received = await drain(client, queueUrl);
    expect(received.sort((x, y) => x.connectionId.localeCompare(y.connectionId))).toEqual([{ connectionId: 'a', data: 1 }, { connectionId: 'b', data: 2 }]);
  });
});
