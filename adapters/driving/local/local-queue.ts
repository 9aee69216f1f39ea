import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

export type QueueConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

export interface LocalQueueOptions {
  readonly name: string;
  /** The consumer from the start; or attach one later with `consume`, as an event source mapping is. */
  readonly handler?: QueueConsumer;
  /** Records per invocation, like the event source mapping's batch size. */
  readonly batchSize?: number;
  /** How long a received message stays hidden before it may be received again. */
  readonly visibilityTimeoutMs?: number;
  /** Receives before a failing message moves to the dead-letter queue (the redrive policy). */
  readonly maxReceiveCount?: number;
  /** Invocations running at once (the mapping's maximum concurrency). */
  readonly concurrency?: number;
  readonly pollIntervalMs?: number;
}

export interface QueuedMessage {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  receiveCount: number;
  visibleAt: number;
}

/**
 * An SQS queue and its Lambda event source mapping, in memory: at-least-once delivery in batches,
 * a visibility timeout, partial batch failures honoured, and a dead-letter queue after N receives.
 */
export class LocalQueue {
  readonly name: string;
  private readonly options: Required<Omit<LocalQueueOptions, 'name' | 'handler'>>;
  private consumer: QueueConsumer | undefined;
  private readonly messages = new Map<string, QueuedMessage>();
  private readonly deadLetterMessages: QueuedMessage[] = [];
  private readonly invocations = new Set<Promise<void>>();
  private readonly drainWaiters = new Set<() => void>();
  /** Cancels the pending poll, if one is scheduled. */
  private cancelPoll: (() => void) | undefined;
  private stopped = false;

  constructor(options: LocalQueueOptions) {
    this.name = options.name;
    const { name: _name, handler, ...settings } = options;
    this.options = { batchSize: 10, visibilityTimeoutMs: 5_000, maxReceiveCount: 5, concurrency: 2, pollIntervalMs: 10, ...settings };
    if (handler !== undefined) this.consume(handler);
  }

  /**
   * The event source mapping: from now on, batches go to `consumer`. Messages sent before wait in
   * the queue, as they do in SQS before a mapping exists; none is dropped.
   */
  consume(consumer: QueueConsumer): void {
    if (this.consumer !== undefined) throw new Error(`the ${this.name} queue already has a consumer`);
    this.consumer = consumer;
    this.pollSoon();
  }

  /** SendMessage; `delayMs` holds the message back, as SQS's DelaySeconds does. */
  send(body: string, delayMs = 0): string {
    if (this.stopped) throw new Error(`the ${this.name} queue is stopped`);
    const messageId = randomUUID();
    const sentAt = Date.now();
    this.messages.set(messageId, { messageId, body, sentAt, receiveCount: 0, visibleAt: delayMs > 0 ? sentAt + delayMs : 0 });
    this.pollSoon();
    return messageId;
  }

  /** The bodies of the messages waiting or in flight, oldest first. */
  peekBodies(): string[] {
    return [...this.messages.values()].map((message) => message.body);
  }

  deadLetters(): readonly QueuedMessage[] {
    return this.deadLetterMessages;
  }

  /** Messages waiting or in flight. */
  depth(): number {
    return this.messages.size;
  }

  /** Resolves once every message was handled or dead-lettered; rejects after `timeoutMs`. */
  drained(timeoutMs = 10_000): Promise<void> {
    if (this.isDrained()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.drainWaiters.delete(done);
        reject(new Error(`the ${this.name} queue still holds ${this.messages.size} messages after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.drainWaiters.add(done);
    });
  }

  private isDrained(): boolean {
    return this.messages.size === 0 && this.invocations.size === 0;
  }

  /** Stops polling and waits for invocations under way; what is left stays unprocessed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelPoll?.();
    await Promise.allSettled([...this.invocations]);
  }

  private pollSoon(): void {
    this.cancelPoll?.();
    this.cancelPoll = undefined;
    this.schedule(0);
  }

  /** setImmediate for "now" (no 1 ms timer clamp between batches), a timer for later. */
  private schedule(delayMs: number): void {
    if (this.stopped || this.cancelPoll !== undefined) return;
    const run = () => {
      this.cancelPoll = undefined;
      this.poll();
    };
    if (delayMs === 0) {
      const immediate = setImmediate(run);
      this.cancelPoll = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(run, delayMs).unref();
      this.cancelPoll = () => clearTimeout(timer);
    }
  }

  private poll(): void {
    if (this.consumer === undefined) return;
    while (this.invocations.size < this.options.concurrency) {
      const batch = this.receive();
      if (batch.length === 0) break;
      const invocation = this.invoke(batch, this.consumer).finally(() => {
        this.invocations.delete(invocation);
        if (this.isDrained()) {
          for (const waiter of this.drainWaiters) waiter();
          this.drainWaiters.clear();
        }
        // A free slot is worth a poll now, not at the next idle tick.
        this.pollSoon();
      });
      this.invocations.add(invocation);
    }
    // Hidden messages come back when their visibility timeout ends.
    if (this.messages.size > 0) this.schedule(this.options.pollIntervalMs);
  }

  private receive(): QueuedMessage[] {
    const now = Date.now();
    const batch: QueuedMessage[] = [];
    for (const message of this.messages.values()) {
      if (batch.length >= this.options.batchSize) break;
      if (message.visibleAt > now) continue;
      message.receiveCount += 1;
      message.visibleAt = now + this.options.visibilityTimeoutMs;
      batch.push(message);
    }
    return batch;
  }

  private async invoke(batch: QueuedMessage[], consumer: QueueConsumer): Promise<void> {
    let failedIds: Set<string>;
    try {
      const response = await consumer(toSqsEvent(this.name, batch));
      failedIds = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch {
      // A thrown error fails the whole batch, as with Lambda.
      failedIds = new Set(batch.map((message) => message.messageId));
    }
    for (const message of batch) {
      if (!failedIds.has(message.messageId)) {
        this.messages.delete(message.messageId);
      } else if (message.receiveCount >= this.options.maxReceiveCount) {
        this.messages.delete(message.messageId);
        this.deadLetterMessages.push(message);
      }
    }
  }
}

function toSqsEvent(queueName: string, batch: readonly QueuedMessage[]): SQSEvent {
  return {
    Records: batch.map((message) => ({
      messageId: message.messageId,
      receiptHandle: `${message.messageId}#${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(message.sentAt),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:${queueName}`,
      awsRegion: 'local',
    })),
  };
}
