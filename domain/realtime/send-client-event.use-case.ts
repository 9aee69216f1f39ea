import { eventDataBytes } from '../channels/pusher-protocol.ts';
import { parseChannelName } from '../channels/channel-name.ts';
import { PUBLISH_LIMITS } from '../channels/pusher-protocol.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { eventNameProblem } from './event-name.ts';
import type { WebhookSignals } from '../webhooks/webhook-signals.port.ts';
import type { ChannelFanOut } from './channel-fan-out.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';

export type ClientEventError = { readonly kind: 'ClientEventRefused'; readonly message: string };

/**
 * `client-*` events from a socket to the other subscribers of a private or presence channel it is
 * on (never public or encrypted ones); on presence channels they carry the sender's user id.
 */
export class SendClientEvent {
  private readonly deps: { readonly registry: SubscriptionRegistry; readonly fanOut: ChannelFanOut; readonly webhooks: WebhookSignals | undefined };

  /** With `webhooks`, each relayed event is also a `client_event` webhook, as Pusher sends one. */
  constructor(registry: SubscriptionRegistry, fanOut: ChannelFanOut, webhooks?: WebhookSignals) {
    this.deps = { registry, fanOut, webhooks };
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
