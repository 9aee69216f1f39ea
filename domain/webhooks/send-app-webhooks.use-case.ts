import type { PusherAppCredentials } from '../channels/pusher-signature.ts';
import type { SubscriptionRegistry } from '../realtime/subscription-registry.port.ts';
import type { Clock } from '../shared/clock.port.ts';
import type { AppWebhookSender } from './app-webhook-sender.port.ts';
import { APP_WEBHOOK_LIMITS, appWebhookBody, appWebhookSignature, type WebhookSignal } from './app-webhooks.ts';
import type { WebhookAnnouncements } from './webhook-announcements.port.ts';
import type { WebhookEvent } from './webhook.ts';

interface Change {
  readonly event: WebhookEvent;
  readonly key: string;
  readonly state: string;
  readonly expected: string | undefined;
}

/**
 * The webhook worker: turns signals into the events Pusher would send, by comparing what the
 * registry holds now with what the app was last told (so a join and a leave that cancel out send
 * nothing, and a change seen by two signals is sent once), posts them signed in requests of at most
 * 20 events, and records what was announced only once the app has accepted it: a failed post is
 * retried from the same state, at least once and never lost.
 */
export class SendAppWebhooks {
  private readonly deps: { readonly registry: SubscriptionRegistry; readonly announcements: WebhookAnnouncements; readonly sender: AppWebhookSender; readonly clock: Clock; readonly credentials: PusherAppCredentials };

  constructor(deps: SendAppWebhooks['deps']) {
    this.deps = deps;
  }

  async execute(signals: readonly WebhookSignal[]): Promise<{ readonly sent: number }> {
    const events: WebhookEvent[] = [];
    const changes: Change[] = [];
    const checked = new Set<string>();
    for (const signal of signals) {
      if (signal.kind === 'event') {
        events.push(signal.event);
        continue;
      }
      const key = signal.kind === 'occupancy' ? `occupancy#${signal.channel}` : `member#${signal.channel}#${signal.userId}`;
      if (checked.has(key)) continue;
      checked.add(key);
      const change = signal.kind === 'occupancy' ? await this.occupancyChange(signal.channel, key) : await this.presenceChange(signal.channel, signal.userId, key);
      if (change !== undefined) {
        events.push(change.event);
        changes.push(change);
      }
    }
    for (let start = 0; start < events.length; start += APP_WEBHOOK_LIMITS.eventsPerRequest) {
      const body = appWebhookBody(events.slice(start, start + APP_WEBHOOK_LIMITS.eventsPerRequest), this.deps.clock.now());
      await this.deps.sender.post(body, { 'content-type': 'application/json', 'x-pusher-key': this.deps.credentials.key, 'x-pusher-signature': appWebhookSignature(this.deps.credentials.secret, body) });
    }
    // Lost races are fine: the other worker recorded the same change, and the app got it at least once.
    for (const change of changes) await this.deps.announcements.recordAnnounced(change.key, change.state, change.expected);
    return { sent: events.length };
  }

  private async occupancyChange(channel: string, key: string): Promise<Change | undefined> {
    const occupied = (await this.deps.registry.subscribers(channel)).length > 0;
    const state = occupied ? 'occupied' : 'vacated';
    const expected = await this.deps.announcements.lastAnnounced(key);
    if ((expected ?? 'vacated') === state) return undefined;
    return { event: { name: occupied ? 'channel_occupied' : 'channel_vacated', channel }, key, state, expected };
  }

  private async presenceChange(channel: string, userId: string, key: string): Promise<Change | undefined> {
    const present = (await this.deps.registry.members(channel)).some((member) => member.userId === userId);
    const state = present ? 'added' : 'removed';
    const expected = await this.deps.announcements.lastAnnounced(key);
    if ((expected ?? 'removed') === state) return undefined;
    return { event: { name: present ? 'member_added' : 'member_removed', channel, user_id: userId }, key, state, expected };
  }
}
