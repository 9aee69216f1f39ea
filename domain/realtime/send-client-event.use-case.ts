import { parseChannelName } from '../channels/channel-name.ts';
import { DEFAULT_CLIENT_EVENTS_PER_SECOND, eventDataBytes, PUBLISH_LIMITS } from '../channels/pusher-protocol.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { eventNameProblem } from './event-name.ts';
import type { WebhookSignals } from '../webhooks/webhook-signals.port.ts';
import type { ChannelFanOut } from './channel-fan-out.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';

export type ClientEventError = { readonly kind: 'ClientEventRefused' | 'ClientEventRateLimited'; readonly message: string };

/**
 * `client-*` events from a socket to the other subscribers of a private or presence channel it is
 * on (never public or encrypted ones), at most `perSecond` a second per socket (Pusher's 4301 past
 * that); on presence channels they carry the sender's user id. Pusher's rules, checked in order:
 * the channel, the name, the size, the subscription, the rate.
 */
export class SendClientEvent {
  private readonly deps: { readonly registry: SubscriptionRegistry; readonly fanOut: ChannelFanOut; readonly perSecond: number; readonly webhooks: WebhookSignals | undefined };

  /** With `webhooks`, each relayed event is also a `client_event` webhook, as Pusher sends one. */
  constructor(registry: SubscriptionRegistry, fanOut: ChannelFanOut, perSecond: number = DEFAULT_CLIENT_EVENTS_PER_SECOND, webhooks?: WebhookSignals) {
    this.deps = { registry, fanOut, perSecond, webhooks };
  }

  async execute(input: { readonly socketId: string; readonly channel: unknown; readonly name: string; readonly data: unknown }): Promise<Result<{ readonly deliveries: number }, ClientEventError>> {
    const channel = parseChannelName(input.channel);
    if (!channel.ok || (channel.value.kind !== 'private' && channel.value.kind !== 'presence')) {
      return err({ kind: 'ClientEventRefused', message: 'client events are allowed on private and presence channels only' });
    }
    if (!input.name.startsWith('client-')) return err({ kind: 'ClientEventRefused', message: 'client event names start with client-' });
    const nameProblem = eventNameProblem(input.name);
    if (nameProblem !== undefined) return err({ kind: 'ClientEventRefused', message: nameProblem });
    if (eventDataBytes(input.data) > PUBLISH_LIMITS.dataBytes) {
      return err({ kind: 'ClientEventRefused', message: `client event data is over ${PUBLISH_LIMITS.dataBytes} bytes` });
    }
    const name = channel.value.name;
    if (!(await this.deps.registry.isSubscribed(input.socketId, name))) {
      return err({ kind: 'ClientEventRefused', message: `the socket is not subscribed to ${name}` });
    }
    // Counted in the registry, not in this function: API Gateway serves one socket's frames in parallel, on many.
    if (!(await this.deps.registry.admit(`client-events#${input.socketId}`, { limit: this.deps.perSecond, windowMs: 1_000 }))) {
      return err({ kind: 'ClientEventRateLimited', message: `Client event rejected: a connection may send at most ${this.deps.perSecond} client events a second` });
    }
    const sender = channel.value.kind === 'presence' ? await this.deps.registry.memberOf(input.socketId, name) : undefined;
    const deliveries = await this.deps.fanOut.toChannel(name, { event: input.name, channel: name, data: input.data, ...(sender === undefined ? {} : { userId: sender.userId }) }, input.socketId);
    await this.deps.webhooks?.send([
      {
        kind: 'event',
        event: { name: 'client_event', channel: name, event: input.name, data: typeof input.data === 'string' ? input.data : JSON.stringify(input.data), socket_id: input.socketId, ...(sender === undefined ? {} : { user_id: sender.userId }) },
      },
    ]);
    return ok({ deliveries });
  }
}
