import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchGet, batchWrite } from './batch-operations.ts';

const NO_WAIT = { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined, random: () => 0 };

/** A client that answers each request with the next scripted response, recording what it was sent. */
function scripted(responses: ((input: { RequestItems: Record<string, unknown> }) => unknown)[]) {
  const sent: { RequestItems: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { input: { RequestItems: Record<string, unknown> } }) => {
      sent.push(command.input);
      const next = responses.shift();
      if (next === undefined) throw new Error('no response scripted');
      return next(command.input);
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, sent };
}

describe('batchGet', () => {
  it('asks again for the keys DynamoDB left unprocessed, and returns every item found', async () => {
    const { client, sent } = scripted([
      () => ({ Responses: { t: [{ pk: 'a' }] }, UnprocessedKeys: { t: { Keys: [{ pk: 'b' }] } } }),
      () => ({ Responses: { t: [{ pk: 'b' }] } }),
    ]);
    expect(await batchGet(client, 't', [{ pk: 'a' }, { pk: 'b' }], NO_WAIT)).toEqual([{ pk: 'a' }, { pk: 'b' }]);
    expect(sent.map((input) => input.RequestItems['t'])).toEqual([{ Keys: [{ pk: 'a' }, { pk: 'b' }], ConsistentRead: true }, { Keys: [{ pk: 'b' }], ConsistentRead: true }]);
  });

  it('reads 100 keys a request, and nothing for no keys', async () => {
    const { client, sent } = scripted([() => ({ Responses: { t: [] } }), () => ({ Responses: { t: [] } })]);
    await batchGet(client, 't', Array.from({ length: 101 }, (_, index) => ({ pk: `k${index}` })), NO_WAIT);
    expect(sent.map((input) => (input.RequestItems['t'] as { Keys: unknown[] }).Keys.length).sort((a, b) => a - b)).toEqual([1, 100]);
    expect(await batchGet(scripted([]).client, 't', [], NO_WAIT)).toEqual([]);
  });

  it('gives up, saying how many are left, when DynamoDB keeps them unprocessed', async () => {
    const { client } = scripted(Array.from({ length: 5 }, () => () => ({ Responses: { t: [] }, UnprocessedKeys: { t: { Keys: [{ pk: 'b' }] } } })));
    await expect(batchGet(client, 't', [{ pk: 'b' }], NO_WAIT)).rejects.toThrow('1 keys left unprocessed');
  });
});

describe('batchWrite', () => {
  it('writes 25 a request and sends again what was left unprocessed', async () => {
    const requests = Array.from({ length: 26 }, (_, index) => ({ DeleteRequest: { Key: { pk: `k${index}` } } }));
    const { client, sent } = scripted([
      (input) => ((input.RequestItems['t'] as unknown[]).length === 25 ? { UnprocessedItems: { t: [requests[0]] } } : {}),
      (input) => ((input.RequestItems['t'] as unknown[]).length === 25 ? { UnprocessedItems: { t: [requests[0]] } } : {}),
      () => ({}),
    ]);
    await batchWrite(client, 't', requests, NO_WAIT);
    expect(sent.map((input) => (input.RequestItems['t'] as unknown[]).length).sort((a, b) => a - b)).toEqual([1, 1, 25]);
  });
});
