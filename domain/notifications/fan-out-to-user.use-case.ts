import { userEventRefusal } from '../channels/pusher-protocol.ts';
import type { Connection } from '../connections/connection.ts';
import type { ConnectionRegistry } from '../connections/connection-registry.port.ts';
import type { Clock } from '../shared/clock.port.ts';
import { mapWithConcurrency } from '../shared/map-with-concurrency.ts';
import type { DeliverToConnection } from './deliver-to-connection.use-case.ts';
import type { ConnectionNotification, UserNotification } from './notification.ts';
import { packQueueBatches, type NotificationQueue } from './notification-queue.port.ts';
import type { UserEventPublisher } from './user-event-publisher.port.ts';

export interface FanOutSettings {
  /** Up to this many connections are posted to directly; more go through the NotifyConnection queue. */
  readonly directDeliveryLimit: number;
  /** Direct posts in flight at once: the Management API shares the account's request budget. */
  readonly concurrency: number;
  readonly registryPageSize: number;
}

export interface FanOutReport {
  readonly connections: number;
  readonly delivered: number;
  readonly gone: number;
  /** Handed to the NotifyConnection queue: large audiences, and direct posts that failed. */
  readonly queued: number;
  readonly publishedToPusher: boolean;
  /** Why the bridge, though on, did not publish. The WebSocket deliveries stand either way. */
  readonly bridgeProblem?: BridgeProblem;
}

/**
 * The bridge's own failure path: a Pusher outage or a message Pusher would refuse is reported, never
 * thrown, so it cannot fail the NotifyUser record and replay every WebSocket delivery with it.
 */
export type BridgeProblem =
  | { readonly kind: 'BeyondPusherLimits'; readonly message: string }
  | { readonly kind: 'PusherFailed'; readonly message: string };

type DirectOutcome = 'delivered' | 'gone' | 'failed';

interface FanOutToUserDeps { readonly registry: ConnectionRegistry; readonly deliver: DeliverToConnection; readonly queue: NotificationQueue; readonly clock: Clock; readonly settings: FanOutSettings; readonly publisher?: UserEventPublisher | undefined }

/** Sends one notification to every live connection of a user, and optionally to Pusher too. */
export class FanOutToUser {
  private readonly deps: FanOutToUserDeps;

  constructor(deps: FanOutToUserDeps) {
    this.deps = deps;
  }

  /** Takes a notification already checked (by the NotifyUser worker's decoder). */
  async execute(notification: UserNotification): Promise<FanOutReport> {
    const { userId, data } = notification;
    const connections = await this.connectionsOf(userId);
    const messages = connections.map((connection) => ({ connectionId: connection.connectionId, data }));

    let delivered = 0;
    let gone = 0;
    let toQueue: ConnectionNotification[] = messages;
    if (messages.length <= this.deps.settings.directDeliveryLimit) {
      const outcomes = await mapWithConcurrency(messages, this.deps.settings.concurrency, (item) => this.deliverDirectly(item));
      delivered = outcomes.filter((outcome) => outcome === 'delivered').length;
      gone = outcomes.filter((outcome) => outcome === 'gone').length;
      // A post that failed is not lost: it goes to the queue, whose worker retries it.
      toQueue = messages.filter((_, index) => outcomes[index] === 'failed');
    }
    await this.enqueueInBatches(toQueue);
    const bridgeProblem = this.deps.publisher === undefined ? undefined : await this.bridge(this.deps.publisher, userId, data);
    return {
      connections: connections.length,
      delivered,
      gone,
      queued: toQueue.length,
      publishedToPusher: this.deps.publisher !== undefined && bridgeProblem === undefined,
      ...(bridgeProblem === undefined ? {} : { bridgeProblem }),
    };
  }

  /** Publishes to Pusher after the WebSocket deliveries are done or queued; answers what went wrong, if anything. */
  private async bridge(publisher: UserEventPublisher, userId: string, data: unknown): Promise<BridgeProblem | undefined> {
    const refusal = userEventRefusal(userId, data);
    if (refusal !== undefined) return { kind: 'BeyondPusherLimits', message: refusal };
    try {
      await publisher.publishToUser(userId, data);
      return undefined;
    } catch (error) {
      return { kind: 'PusherFailed', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  }

  private async connectionsOf(userId: string): Promise<Connection[]> {
    const now = this.deps.clock.now();
    const all: Connection[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.registry.listByUser(userId, now, { limit: this.deps.settings.registryPageSize, ...(cursor === undefined ? {} : { cursor }) });
      all.push(...page.connections);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return all;
  }

  private async deliverDirectly(message: ConnectionNotification): Promise<DirectOutcome> {
    try {
      return await this.deps.deliver.execute(message);
    } catch {
      return 'failed';
    }
  }

  /** Batches packed by count and by bytes, so SQS never refuses a whole call as too long. */
  private async enqueueInBatches(messages: readonly ConnectionNotification[]): Promise<void> {
    await mapWithConcurrency(packQueueBatches(messages), this.deps.settings.concurrency, (batch) => this.deps.queue.enqueue(batch));
  }
}
