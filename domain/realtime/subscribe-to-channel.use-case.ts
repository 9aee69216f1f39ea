import { parseChannelName } from '../channels/channel-name.ts';
import { pusherAuthSignature, type PusherAppCredentials } from '../channels/pusher-signature.ts';
import { constantTimeEquals } from '../shared/constant-time.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { isNonEmptyString, isPlainObject, utf8Length } from '../shared/validation.ts';
import { MAX_USER_ID_LENGTH, MAX_USER_INFO_BYTES } from '../tokens/access-token.ts';
import type { PresenceMember } from './presence-member.ts';
import type { RealtimeDelivery } from './realtime-delivery.port.ts';
import { REALTIME_EVENTS } from './realtime-events.ts';
import type { SubscriptionRegistry } from './subscription-registry.port.ts';

export interface SubscribeInput {
  readonly socketId: string;
  readonly channel: unknown;
  readonly auth?: unknown;
  readonly channelData?: unknown;
  /** The user this socket signed in as (`pusher:signin`), if it did. */
  readonly signedInUserId?: string | undefined;
}

export interface Subscribed {
  readonly channel: string;
  /** Presence channels: the members, as `subscription_succeeded` announces them. */
  readonly presence?: { readonly ids: readonly string[]; readonly hash: Readonly<Record<string, unknown>>; readonly count: number };
}

export type SubscribeError =
  | { readonly kind: 'InvalidChannelName'; readonly message: string }
  | { readonly kind: 'InvalidSignature'; readonly message: string }
  | { readonly kind: 'InvalidChannelData'; readonly message: string }
  | { readonly kind: 'NotSignedIn'; readonly message: string };

/**
 * A socket joins a channel. Private, presence and encrypted channels need the `auth` an auth
 * endpoint signed for exactly this socket and channel (and, on presence, this `channel_data`);
 * `#server-to-user-<id>` is for the socket signed in as that user. New presence members are announced.
 */
export class SubscribeToChannel {
  private readonly registry: SubscriptionRegistry;
  private readonly delivery: RealtimeDelivery;
  private readonly credentials: PusherAppCredentials;

  constructor(registry: SubscriptionRegistry, delivery: RealtimeDelivery, credentials: PusherAppCredentials) {
    this.registry = registry;
    this.delivery = delivery;
    this.credentials = credentials;
  }

  async execute(input: SubscribeInput): Promise<Result<Subscribed, SubscribeError>> {
    const channel = parseChannelName(input.channel);
    if (!channel.ok) return channel;
    const name = channel.value.name;
    switch (channel.value.kind) {
      case 'public':
        await this.registry.add(input.socketId, name);
        return ok({ channel: name });
      case 'server-to-user':
        if (input.signedInUserId === undefined || name !== `#server-to-user-${input.signedInUserId}`) {
          return err({ kind: 'NotSignedIn', message: 'server-to-user channels are for the socket signed in as that user' });
        }
        await this.registry.add(input.socketId, name);
        return ok({ channel: name });
      case 'private':
      case 'private-encrypted':
        if (!this.signatureMatches(`${input.socketId}:${name}`, input.auth)) return invalidSignature(name);
        await this.registry.add(input.socketId, name);
        return ok({ channel: name });
      case 'presence':
        return this.joinPresence(input, name);
    }
  }

  private async joinPresence(input: SubscribeInput, name: string): Promise<Result<Subscribed, SubscribeError>> {
    if (typeof input.channelData !== 'string' || !this.signatureMatches(`${input.socketId}:${name}:${input.channelData}`, input.auth)) return invalidSignature(name);
    const member = parsePresenceMember(input.channelData);
    if (!member.ok) return member;
    const { memberJoined } = await this.registry.add(input.socketId, name, member.value);
    if (memberJoined) {
      const announcement = { event: REALTIME_EVENTS.memberAdded, channel: name, data: { user_id: member.value.userId, user_info: member.value.userInfo } };
      for (const socketId of await this.registry.subscribers(name)) if (socketId !== input.socketId) this.delivery.deliver(socketId, announcement);
    }
    const members = await this.registry.members(name);
    return ok({
      channel: name,
      presence: { ids: members.map((m) => m.userId), hash: Object.fromEntries(members.map((m) => [m.userId, m.userInfo ?? null])), count: members.length },
    });
  }

  private signatureMatches(stringToSign: string, auth: unknown): boolean {
    return typeof auth === 'string' && constantTimeEquals(auth, pusherAuthSignature(this.credentials, stringToSign));
  }
}

function invalidSignature(channel: string): { ok: false; error: SubscribeError } {
  return err({ kind: 'InvalidSignature', message: `Invalid signature: expected HMAC SHA256 hex digest of the socket id and ${channel}` });
}

function parsePresenceMember(channelData: string): Result<PresenceMember, SubscribeError> {
  let data: unknown;
  try {
    data = JSON.parse(channelData);
  } catch {
    return err({ kind: 'InvalidChannelData', message: 'channel_data must be JSON' });
  }
  if (!isPlainObject(data) || !isNonEmptyString(data['user_id'], MAX_USER_ID_LENGTH)) {
    return err({ kind: 'InvalidChannelData', message: `channel_data needs a user_id string of 1 to ${MAX_USER_ID_LENGTH} characters` });
  }
  if (data['user_info'] !== undefined && utf8Length(JSON.stringify(data['user_info'])) > MAX_USER_INFO_BYTES) {
    return err({ kind: 'InvalidChannelData', message: `user_info is over ${MAX_USER_INFO_BYTES} bytes` });
  }
  return ok(data['user_info'] === undefined ? { userId: data['user_id'] } : { userId: data['user_id'], userInfo: data['user_info'] });
}
