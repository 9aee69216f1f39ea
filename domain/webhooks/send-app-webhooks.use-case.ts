import { hasSubscriptionCount } from '../channels/pusher-protocol.ts';
import type { PusherAppCredentials } from '../channels/pusher-signature.ts';
import type { SubscriptionRegistry } from '../realtime/subscription-registry.port.ts';
import type { Clock } from '../shared/clock.port.ts';
import type { AppWebhookSender } from './app-webhook-sender.port.ts';
import { APP_WEBHOOK_LIMITS, appWebhookBody, appWebhookSignature, type WebhookSignal } from './app-webhooks.ts';
import type { WebhookAnnouncements } from './webhook-announcements.port.ts';
import type { WebhookEvent } from './webhook.ts';

/**
 * Rounds of re-checking what was just announced. Two workers can hold signals about one channel at
 * once (and post in either order): after recording, each checks again, and tells the app the state
 * once more if it moved or another worker told something else meanwhile. Later changes bring signals
 * of their own, so a few rounds are enough to settle what the app was last told.
 */
const SETTLING_ROUNDS = 3;

/** One thing the app is told about: a channel's occupancy, its subscription count, or a member's presence. */
interface Watched {
  readonly key: string;
  /** The state before anything was announced (the app assumes a channel vacated, a count of 0, a member absent). */
  readonly initial: string;
  /** The state now, and the event that tells it. */
  read(): Promise<{ readonly state: string; readonly event: WebhookEvent }>;
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
 * (SETTLING_ROUNDS), so a worker racing another on the same channel cannot leave the app with a
 * stale state (a channel told occupied after it was vacated, a count that is no longer true).
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
    const passedOn = signals.flatMap((signal) => (signal.kind === 'event' ? [signal.event] : []));
    const watched = new Map<string, Watched>();
    for (const signal of signals) for (const item of this.watchedBy(signal)) watched.set(item.key, item);
    let sent = 0;
    let told = new Map<string, string>();
    let round = [...watched.values()];
    for (let index = 0; index < SETTLING_ROUNDS && (round.length > 0 || (index === 0 && passedOn.length > 0)); index += 1) {
      const changes = (await Promise.all(round.map((item) => this.changeOf(item, told.get(item.key))))).flatMap((change) => (change === undefined ? [] : [change]));
      const events = [...(index === 0 ? passedOn : []), ...inTellingOrder(changes).map((change) => change.event)];
      await this.post(events);
      sent += events.length;
      // Lost races are fine: the next round sees what the other worker recorded, and tells again if it differs.
      for (const change of changes) await this.deps.announcements.recordAnnounced(change.watched.key, change.state, change.expected);
      told = new Map(changes.map((change) => [change.watched.key, change.state]));
      round = changes.map((change) => change.watched);
    }
    return { sent };
  }

  /**
   * What to tell the app about `watched`: nothing when what it holds now is what was recorded and
   * (if this worker told anything) what it told; otherwise the state now.
   */
  private async changeOf(watched: Watched, told: string | undefined): Promise<Change | undefined> {
    const [now, expected] = await Promise.all([watched.read(), this.deps.announcements.lastAnnounced(watched.key)]);
    const recorded = expected ?? watched.initial;
    if (now.state === recorded && (told === undefined || told === recorded)) return undefined;
    return { watched, event: now.event, state: now.state, expected };
  }

  private watchedBy(signal: WebhookSignal): readonly Watched[] {
    const registry = this.deps.registry;
    if (signal.kind === 'event') return [];
    const { channel } = signal;
    if (signal.kind === 'presence') {
      const { userId } = signal;
      return [
        {
          key: `member#${channel}#${userId}`,
          initial: 'removed',
          read: async () => {
            const present = (await registry.members(channel)).some((member) => member.userId === userId);
            return { state: present ? 'added' : 'removed', event: { name: present ? 'member_added' : 'member_removed', channel, user_id: userId } };
          },
        },
      ];
    }
    const occupancy: Watched = {
      key: `occupancy#${channel}`,
      initial: 'vacated',
      read: async () => {
        const occupied = (await registry.subscribers(channel)).length > 0;
        return { state: occupied ? 'occupied' : 'vacated', event: { name: occupied ? 'channel_occupied' : 'channel_vacated', channel } };
      },
    };
    if (this.deps.subscriptionCountEvents !== true || !hasSubscriptionCount(channel)) return [occupancy];
    const count: Watched = {
      key: `count#${channel}`,
      initial: '0',
      read: async () => {
        const subscriptionCount = (await registry.subscribers(channel)).length;
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
