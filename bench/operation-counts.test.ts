import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNEL_INLINE_LIMIT } from '../domain/realtime/channel-fan-out.ts';
import { disconnectCalls, FAN_OUT_WORKERS, SOCKET_OPERATIONS, sum, times, triggerCalls } from './operation-counts.ts';

describe('operation counts', () => {
  it("take the stack's event source mapping from where the stack does (manifest/functions.ts)", () => {
    const program = readFileSync(path.join(import.meta.dirname, '..', 'infrastructure', 'index.ts'), 'utf8');
    expect(program).toContain('batchSize: QUEUE_BATCH_SIZES[needs.consumes]');
    expect(program).toContain('maximumConcurrency: CONSUMER_MAX_CONCURRENCY');
    expect(FAN_OUT_WORKERS).toEqual({ batchSize: 1, maximumConcurrency: 10 });
  });

  it('deliver a channel inline up to the inline limit and through the queue above it', () => {
    const inline = triggerCalls(CHANNEL_INLINE_LIMIT);
    expect(inline).toMatchObject({ framesOut: CHANNEL_INLINE_LIMIT, httpRequests: 1, lambdaInvocations: 1, sqsRequests: 0, dynamoReads: 1 });
    const queued = triggerCalls(CHANNEL_INLINE_LIMIT + 1);
    // One chunk: a SendMessageBatch, then one worker invocation's ReceiveMessage and DeleteMessageBatch.
    expect(queued).toMatchObject({ framesOut: CHANNEL_INLINE_LIMIT + 1, lambdaInvocations: 2, sqsRequests: 3 });
    // 50 chunks: five calls of ten, two 64 KB units each; a worker invocation per chunk.
    expect(triggerCalls(10_000, 16)).toMatchObject({ dynamoReads: 2, readUnits: 456, lambdaInvocations: 51, sqsRequests: 10 + 100 });
  });

  it('grow a disconnect by three writes a channel', () => {
    expect(disconnectCalls(2).writeUnits - disconnectCalls(1).writeUnits).toBe(3);
    expect(disconnectCalls(1)).toMatchObject({ dynamoReads: 1, dynamoWrites: 5, lambdaInvocations: 1 });
  });

  it('add and scale field by field', () => {
    expect(sum(SOCKET_OPERATIONS.ping, times(SOCKET_OPERATIONS.subscribe, 2))).toMatchObject({ framesIn: 3, framesOut: 3, lambdaInvocations: 3, writeUnits: 6 });
  });
});
