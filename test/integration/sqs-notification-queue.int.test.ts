import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SqsNotificationQueue } from '../../adapters/driven/sqs/sqs-notification-queue.ts';
import { describeNotificationQueueContract } from '../../domain/notifications/notification-queue.contract.ts';
import type { ConnectionNotification } from '../../domain/notifications/notification.ts';
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

describe(`SqsNotificationQueue on ${backendLabel()}`, () => {
  it('says which messages SQS refused when a queue does not exist', async () => {
    const queue = new SqsNotificationQueue(client, `${backend().sqsEndpoint}/123456789012/no-such-queue`, NO_WAIT);
    await expect(queue.enqueue([{ connectionId: 'c', data: 1 }])).rejects.toThrow();
  });
});
