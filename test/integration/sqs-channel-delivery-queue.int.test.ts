import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SendMessageBatchCommandInput, type SendMessageBatchCommandOutput, type SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SqsChannelDeliveryQueue } from '../../adapters/driven/sqs/sqs-channel-delivery-queue.ts';
import { MAX_CHUNK_SOCKETS, type ChannelDeliveryChunk } from '../../domain/realtime/channel-delivery-chunk.ts';
import { describeChannelDeliveryQueueContract, readQueueBodies } from '../../domain/realtime/channel-delivery-queue.contract.ts';
import { backendLabel, createQueue, sqsClient } from './support/aws-clients.ts';

const client = sqsClient();
const NO_WAIT = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 };

/** Drains the queue: receive until two empty answers in a row (bounded), read as the worker reads them. */
async function drain(sqs: SQSClient, queueUrl: string): Promise<ChannelDeliveryChunk[]> {
  const bodies: string[] = [];
  let emptyAnswers = 0;
  for (let round = 0; round < 40 && emptyAnswers < 2; round += 1) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    emptyAnswers = Messages.length === 0 ? emptyAnswers + 1 : 0;
    bodies.push(...Messages.map((message) => message.Body ?? ''));
    if (Messages.length > 0) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })) }));
    }
  }
  return readQueueBodies(bodies);
}

describeChannelDeliveryQueueContract(`SQS on ${backendLabel()}`, async () => {
  const queueUrl = await createQueue(client);
  return { queue: new SqsChannelDeliveryQueue(client, queueUrl, NO_WAIT), received: () => drain(client, queueUrl) };
});

/**
 * A client to the real queue whose first `refusals` answers turn entry "1" into a refusal, as SQS
 * reports entries it did not accept (the emulator never refuses one); it records each call's entry ids.
 */
function refusingClient(refusal: { code: string; senderFault: boolean }, refusals: number) {
  const refusing = sqsClient();
  const sent: string[][] = [];
  refusing.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as SendMessageBatchCommandInput;
      sent.push((input.Entries ?? []).map((entry) => entry.Id ?? ''));
      if (sent.length > refusals) return next(args);
      const withoutEntry = { ...input, Entries: (input.Entries ?? []).filter((entry) => entry.Id !== '1') };
      const refused = (input.Entries ?? []).some((entry) => entry.Id === '1');
      const failed = refused ? [{ Id: '1', Code: refusal.code, SenderFault: refusal.senderFault, Message: 'refused by the test' }] : [];
      // SQS takes no empty batch: a call of entry "1" alone is answered here, all of it refused.
      if (withoutEntry.Entries.length === 0) return { response: {}, output: { Successful: [], Failed: failed, $metadata: {} } as SendMessageBatchCommandOutput };
      const result = await next({ ...args, input: withoutEntry });
      const output = result.output as SendMessageBatchCommandOutput;
      return { ...result, output: { ...output, Failed: [...(output.Failed ?? []), ...failed] } };
    },
    { step: 'initialize', name: 'refuseEntryOne' },
  );
  return { client: refusing, sent };
}

const chunk = (first: number): ChannelDeliveryChunk => ({ message: { event: 'e', channel: 'news', data: { n: first } }, socketIds: [`${first}.1`, `${first}.2`] });

describe(`SqsChannelDeliveryQueue on ${backendLabel()}`, () => {
  it('sends a 2,001-subscriber channel as 11 chunks in two calls of at most ten', async () => {
    const queueUrl = await createQueue(client);
    const { client: counting, sent } = refusingClient({ code: 'unused', senderFault: true }, 0);
    const sockets = Array.from({ length: 2001 }, (_, index) => `7.${index}`);
    const chunks = Array.from({ length: Math.ceil(sockets.length / MAX_CHUNK_SOCKETS) }, (_, index) => ({
      message: { event: 'e', channel: 'news', data: 'x' },
      socketIds: sockets.slice(index * MAX_CHUNK_SOCKETS, (index + 1) * MAX_CHUNK_SOCKETS),
    }));
    await new SqsChannelDeliveryQueue(counting, queueUrl, NO_WAIT).enqueue(chunks);
    expect(sent.map((ids) => ids.length)).toEqual([10, 1]);
    expect((await drain(client, queueUrl)).flatMap((got) => got.socketIds).sort()).toEqual([...sockets].sort());
  });

  it('says which chunks SQS refused for good (a sender fault), and sends the others once', async () => {
    const queueUrl = await createQueue(client);
    const { client: refusing, sent } = refusingClient({ code: 'InvalidMessageContents', senderFault: true }, Infinity);
    const queue = new SqsChannelDeliveryQueue(refusing, queueUrl, NO_WAIT);
    await expect(queue.enqueue([chunk(1), chunk(2)])).rejects.toThrow('SQS did not accept 1 of 2 messages: 1: InvalidMessageContents (refused by the test)');
    expect(sent).toEqual([['0', '1']]);
    expect(await drain(client, queueUrl)).toEqual([chunk(1)]);
  });

  it('sends again only the chunks SQS refused for a while (not a sender fault)', async () => {
    const queueUrl = await createQueue(client);
    const { client: refusing, sent } = refusingClient({ code: 'InternalError', senderFault: false }, 1);
    await new SqsChannelDeliveryQueue(refusing, queueUrl, NO_WAIT).enqueue([chunk(1), chunk(2)]);
    expect(sent).toEqual([['0', '1'], ['1']]);
    expect((await drain(client, queueUrl)).sort((a, b) => (a.socketIds[0] ?? '').localeCompare(b.socketIds[0] ?? ''))).toEqual([chunk(1), chunk(2)]);
  });

  it('gives up loudly when SQS keeps refusing a chunk for a while', async () => {
    const queueUrl = await createQueue(client);
    const { client: refusing, sent } = refusingClient({ code: 'InternalError', senderFault: false }, Infinity);
    await expect(new SqsChannelDeliveryQueue(refusing, queueUrl, NO_WAIT).enqueue([chunk(1), chunk(2)])).rejects.toThrow('SQS did not accept 1 of 2 messages: 1: InternalError');
    expect(sent).toEqual([['0', '1'], ['1'], ['1']]);
  });
});
