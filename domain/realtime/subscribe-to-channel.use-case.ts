import type { WebhookSignals } from '../webhooks/webhook-signals.port.ts';
import { parseChannelName, serverToUserChannel, type Channel } from '../channels/channel-name.ts';
import { channelSignatureMatches, decodePresenceChannelData, type PresenceMember } from '../channels/pusher-protocol.ts';
import type { PusherAppCredentials } from '../channels/pusher-signature.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { subscriptionCountMessage, type ChannelFanOut } from './channel-fan-out.ts';
import type { RealtimeMessage } from './realtime-delivery.port.ts';
import { REALTIME_EVENTS } from './realtime-events.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';

/**
 * Channels one connection may be on at once. Pusher documents no such limit; without one, a single
 * socket held 20,000 subscriptions (each a registry row, each a delivery on every publish).
 */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;

export interface SubscribeInput {
  readonly socketId: string;
  readonly channel: unknown;
  readonly auth?: unknown;
  readonly channelData?: unknown;
}

export interface Subscribed {
  readonly channel: string;
  /** Presence channels: the members, as `subscription_succeeded` announces them. */
  readonly presence?: { readonly ids: readonly string[]; readonly hash: Readonly<Record<string, unknown>>; readonly count: number };
  /**
   * What the subscriber must receive right after its `subscription_succeeded`, in this order: a cache
   * channel's last event (or `pusher:cache_miss`), then the subscription count when counts are on.
   */
  readonly followUps: readonly RealtimeMessage[];
}

type Joined = Omit<Subscribed, 'followUps'>;

export type SubscribeError =
  | { readonly kind: 'InvalidChannelName'; readonly message: string }
  | { readonly kind: 'InvalidSignature'; readonly message: string }
  | { readonly kind: 'InvalidChannelData'; readonly message: string }
  | { readonly kind: 'NotSignedIn'; readonly message: string }
  | { readonly kind: 'TooManySubscriptions'; readonly message: string };

/**
 * A socket joins a channel. Private, presence and encrypted channels need the `auth` an auth
 * endpoint signed for exactly this socket and channel (and, on presence, this `channel_data`);
 * `#server-to-user-<id>` is for the socket signed in as that user; a cache channel needs what its
 * kind needs. New presence members, and (when on) the new subscription count, are announced.
 */
export class SubscribeToChannel {
  private readonly deps: { readonly registry: SubscriptionRegistry; readonly fanOut: ChannelFanOut; readonly credentials: PusherAppCredentials; readonly webhooks: WebhookSignals | undefined };

  /** With `webhooks`, a cache channel's miss is also a `cache_miss` webhook, as Pusher sends one. */
  constructor(registry: SubscriptionRegistry, fanOut: ChannelFanOut, credentials: PusherAppCredentials, webhooks?: WebhookSignals) {
    this.deps = { registry, fanOut, credentials, webhooks };
  }

  async execute(input: SubscribeInput): Promise<Result<Subscribed, SubscribeError>> {
    const channel = parseChannelName(input.channel);
    if (!channel.ok) return channel;
    const joined = await this.joinChannel(input, channel.value);
    if (!joined.ok) return joined;
    return ok({ ...joined.value, followUps: await this.followUps(input.socketId, channel.value) });
  }

  /**
   * The cached event is read after the socket was added, and a publish caches before it lists the
   * subscribers: a concurrent publish then reaches the new socket by one way or both, never neither.
   */
  private async followUps(socketId: string, channel: Channel): Promise<RealtimeMessage[]> {
    const followUps: RealtimeMessage[] = [];
    if (channel.cache) {
      const cached = await this.deps.registry.cachedEvent(channel.name);
      followUps.push(cached === undefined ? { event: REALTIME_EVENTS.cacheMiss, channel: channel.name, data: {} } : { event: cached.event, channel: channel.name, data: cached.data });
      if (cached === undefined) await this.deps.webhooks?.send([{ kind: 'event', event: { name: 'cache_miss', channel: channel.name } }]);
    }
    const count = await this.deps.fanOut.announceSubscriptionCount(channel.name, socketId);
    if (count !== undefined) followUps.push(subscriptionCountMessage(channel.name, count));
    return followUps;
  }

  private async joinChannel(input: SubscribeInput, channel: Channel): Promise<Result<Joined, SubscribeError>> {
    const name = channel.name;
    switch (channel.kind) {
      case 'public':
        return this.joined(await this.join(input.socketId, name), name);
      case 'server-to-user': {
        // Who the socket signed in as is in the registry: the sign-in may have been served by another function.
        const signedInUserId = await this.deps.registry.signedInUser(input.socketId);
        if (signedInUserId === undefined || name !== serverToUserChannel(signedInUserId)) {
          return err({ kind: 'NotSignedIn', message: 'server-to-user channels are for the socket signed in as that user' });
        }
        // A terminated user keeps nothing of their own channel, even from a sign-in racing the termination.
        if (await this.deps.registry.wasTerminated(signedInUserId)) return err({ kind: 'NotSignedIn', message: `the connections of user ${signedInUserId.slice(0, 64)} were terminated` });
        return this.joined(await this.join(input.socketId, name), name);
      }
      case 'private':
      case 'private-encrypted':
        if (!channelSignatureMatches(this.deps.credentials, input.auth, input.socketId, name)) return invalidSignature(name);
        return this.joined(await this.join(input.socketId, name), name);
      case 'presence':
        return this.joinPresence(input, name);
    }
  }

  /** Held under the cap by the registry itself (concurrent subscribes cannot pass it together); a channel the socket is on already costs nothing. */
  private async join(socketId: string, channel: string, member?: PresenceMember): Promise<Result<{ readonly memberJoined: boolean }, SubscribeError>> {
    const added = await this.deps.registry.add(socketId, channel, member, MAX_SUBSCRIPTIONS_PER_SOCKET);
    if (added.full === true) return err({ kind: 'TooManySubscriptions', message: `a connection may be subscribed to at most ${MAX_SUBSCRIPTIONS_PER_SOCKET} channels; unsubscribe from one first` });
    return ok({ memberJoined: added.memberJoined });
  }

  private joined(result: Result<unknown, SubscribeError>, channel: string): Result<Joined, SubscribeError> {
    return result.ok ? ok({ channel }) : result;
  }

  private async joinPresence(input: SubscribeInput, name: string): Promise<Result<Joined, SubscribeError>> {
    if (typeof input.channelData !== 'string' || !channelSignatureMatches(this.deps.credentials, input.auth, input.socketId, name, input.channelData)) return invalidSignature(name);
    const member = decodePresenceChannelData(input.channelData);
    if (!member.ok) return err({ kind: 'InvalidChannelData', message: member.error });
    const joined = await this.join(input.socketId, name, member.value);
    if (!joined.ok) return joined;
    if (joined.value.memberJoined) {
      await this.deps.fanOut.toChannel(name, { event: REALTIME_EVENTS.memberAdded, channel: name, data: { user_id: member.value.userId, user_info: member.value.userInfo } }, input.socketId);
    }
    const members = await this.deps.registry.members(name);
    return ok({
      channel: name,
      presence: { ids: members.map((m) => m.userId), hash: Object.fromEntries(members.map((m) => [m.userId, m.userInfo ?? null])), count: members.length },
    });
  }
}

function invalidSignature(channel: string): { ok: false; error: SubscribeError } {
  return err({ kind: 'InvalidSignature', message: `Invalid signature: expected HMAC SHA256 hex digest of the socket id and ${channel}` });
}
