import { hasSubscriptionCount } from '../channels/pusher-protocol.ts';
import type { PusherAppCredentials } from '../channels/pusher-signature.ts';
import type { SubscriptionRegistry } from '../realtime/subscription-registry.port.ts';
import type { Clock } from '../shared/clock.port.ts';
import type { AppWebhookSender } from './app-webhook-sender.port.ts';
import { APP_WEBHOOK_LIMITS, appWebhookBody, appWebhookSignature, type WebhookSignal } from './app-webhooks.ts';
import type { WebhookAnnouncements } from './webhook-announcements.port.ts';
import type { WebhookEvent } from './webhook.ts';

/**
 * Checks of what was just announced, after the first. Two workers can hold signals about one
 * channel at once (and post in either order): after recording, each checks again, and tells the
 * state once more if it moved or another worker told something else meanwhile. Changes that keep
 * coming bring signals of their own, so a few rounds are enough.
 */
const SETTLING_ROUNDS = 3;

/** One round's reads of the registry, each channel read once however many things about it are checked. */
class RoundReads {
  private readonly subscriberCounts = new Map<string, Promise<number>>();
  private readonly memberLists = new Map<string, Promise<readonly string[]>>();

  private readonly deps: { readonly registry: SubscriptionRegistry };

  constructor(registry: SubscriptionRegistry) {
    this.deps = { registry };
  }

  subscriberCount(channel: string): Promise<number> {
    return remembered(this.subscriberCounts, channel, async () => (await this.deps.registry.subscribers(channel)).length);
  }

  members(channel: string): Promise<readonly string[]> {
    return remembered(this.memberLists, channel, async () => (await this.deps.registry.members(channel)).map((member) => member.userId));
  }
}

function remembered<T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  const known = cache.get(key) ?? read();
  cache.set(key, known);
  return known;
}

/** One thing the app is told about: a channel's occupancy, its subscription count, or a member's presence. */
interface Watched {
  readonly key: string;
  /** The state before anything was announced (the app assumes a channel vacated, a count of 0, a member absent). */
  readonly initial: string;
  /** The state now, and the event that tells it. */
  read(reads: RoundReads): Promise<{ readonly state: string; readonly event: WebhookEvent }>;
}

interface Change {
  readonly watched: Watched;
  readonly event: WebhookEvent;
  readonly state: string;
  readonly expected: string | undefined;
}

/**
 * The webhook worker: turns signals into the events Pusher would send, by comparing what the
 * registry holds now with what the app was last told (so a join and a leave that cancel out send
 * nothing, and a change seen by two signals is sent once), posts them signed in requests of at most
 * 20 events, and records what was announced only once the app has accepted it: a failed post is
 * retried from the same state, at least once and never lost. What it announced it checks again
 * (SETTLING_ROUNDS), so a worker racing another on the same channel does not leave the app with a
 * stale state (a channel told occupied after it was vacated, a count that is no longer true) unless
 * changes keep coming for longer, each of which brings a signal of its own.
 */
export class SendAppWebhooks {
  private readonly deps: {
    readonly registry: SubscriptionRegistry;
    readonly announcements: WebhookAnnouncements;
    readonly sender: AppWebhookSender;
    readonly clock: Clock;
    readonly credentials: PusherAppCredentials;
    /** With subscription counts on (Pusher's per-app switch), a non-presence channel's new count is a `subscription_count` event too. */
    readonly subscriptionCountEvents?: boolean;
  };

  constructor(deps: SendAppWebhooks['deps']) {
    this.deps = deps;
  }

  async execute(signals: readonly WebhookSignal[]): Promise<{ readonly sent: number }> {
    // Each thing once, first where a signal names it; the first request keeps the signals' order.
    const seen = new Set<string>();
    const perSignal = signals.map((signal) => this.watchedBy(signal).filter((item) => !seen.has(item.key) && seen.add(item.key)));
    let items = perSignal.flat();
    let told = new Map<string, string>();
    let sent = 0;
    for (let round = 0; round === 0 || (items.length > 0 && round <= SETTLING_ROUNDS); round += 1) {
      const reads = new RoundReads(this.deps.registry);
      const found = await Promise.all(items.map((item) => this.changeOf(item, told.get(item.key), reads)));
      const changes = found.flatMap((change) => (change === undefined ? [] : [change]));
      const byKey = new Map(changes.map((change) => [change.watched.key, change]));
      const events =
        round === 0
          ? signals.flatMap((signal, index) => (signal.kind === 'event' ? [signal.event] : inTellingOrder(perSignal[index]!.flatMap((item) => byKey.get(item.key) ?? [])).map((change) => change.event)))
          : inTellingOrder(changes).map((change) => change.event);
      await this.post(events);
      sent += events.length;
      // Lost races are fine: the next round sees what the other worker recorded, and tells again if it differs.
      for (const change of changes) await this.deps.announcements.recordAnnounced(change.watched.key, change.state, change.expected);
      told = new Map(changes.map((change) => [change.watched.key, change.state]));
      items = changes.map((change) => change.watched);
    }
    return { sent };
  }

  /**
   * What to tell the app about `watched`: nothing when what it holds now is what was recorded and
   * (if this worker told anything) what it told; otherwise the state now.
   */
  private async changeOf(watched: Watched, told: string | undefined, reads: RoundReads): Promise<Change | undefined> {
    const [now, expected] = await Promise.all([watched.read(reads), this.deps.announcements.lastAnnounced(watched.key)]);
    const recorded = expected ?? watched.initial;
    if (now.state === recorded && (told === undefined || told === recorded)) return undefined;
    return { watched, event: now.event, state: now.state, expected };
  }

  private watchedBy(signal: WebhookSignal): readonly Watched[] {
    if (signal.kind === 'event') return [];
    const { channel } = signal;
    if (signal.kind === 'presence') {
      const { userId } = signal;
      return [
        {
          key: `member#${channel}#${userId}`,
          initial: 'removed',
          read: async (reads) => {
            const present = (await reads.members(channel)).includes(userId);
            return { state: present ? 'added' : 'removed', event: { name: present ? 'member_added' : 'member_removed', channel, user_id: userId } };
          },
        },
      ];
    }
    const occupancy: Watched = {
      key: `occupancy#${channel}`,
      initial: 'vacated',
      read: async (reads) => {
        const occupied = (await reads.subscriberCount(channel)) > 0;
        return { state: occupied ? 'occupied' : 'vacated', event: { name: occupied ? 'channel_occupied' : 'channel_vacated', channel } };
      },
    };
    if (this.deps.subscriptionCountEvents !== true || !hasSubscriptionCount(channel)) return [occupancy];
    const count: Watched = {
      key: `count#${channel}`,
      initial: '0',
      read: async (reads) => {
        const subscriptionCount = await reads.subscriberCount(channel);
        return { state: String(subscriptionCount), event: { name: 'subscription_count', channel, subscription_count: subscriptionCount } };
      },
    };
    return [occupancy, count];
  }

  private async post(events: readonly WebhookEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += APP_WEBHOOK_LIMITS.eventsPerRequest) {
      const body = appWebhookBody(events.slice(start, start + APP_WEBHOOK_LIMITS.eventsPerRequest), this.deps.clock.now());
      await this.deps.sender.post(body, { 'content-type': 'application/json', 'x-pusher-key': this.deps.credentials.key, 'x-pusher-signature': appWebhookSignature(this.deps.credentials.secret, body) });
    }
  }
}

/** A channel is told occupied before its count, and its count before it is told vacated. */
function inTellingOrder(changes: readonly Change[]): Change[] {
  const vacated = (change: Change) => change.event.name === 'channel_vacated';
  return [...changes.filter((change) => !vacated(change)), ...changes.filter(vacated)];
}
