import { err, ok, type Result } from '../shared/result.ts';

export type ChannelKind = 'public' | 'private' | 'private-encrypted' | 'presence' | 'server-to-user';

export interface Channel {
  readonly name: string;
  readonly kind: ChannelKind;
}

/** Pusher's service rejects longer names (the `pusher` package checks 200; the service is stricter). */
export const MAX_CHANNEL_NAME_LENGTH = 164;

const CHANNEL_NAME_PATTERN = /^[A-Za-z0-9_\-=@,.;]+$/;
const SERVER_TO_USER_PREFIX = '#server-to-user-';

export type ChannelNameError =
  | { readonly kind: 'InvalidChannelName'; readonly message: string };

/** Parses a channel name into its kind, refusing anything Pusher itself would refuse. */
export function parseChannelName(name: unknown): Result<Channel, ChannelNameError> {
  if (typeof name !== 'string' || name.length === 0) {
    return invalid('channel_name is required');
  }
  if (name.length > MAX_CHANNEL_NAME_LENGTH) {
    return invalid(`channel_name is longer than ${MAX_CHANNEL_NAME_LENGTH} characters`);
  }
  if (name.startsWith(SERVER_TO_USER_PREFIX)) {
    const userId = name.slice(SERVER_TO_USER_PREFIX.length);
    return userId.length > 0 && CHANNEL_NAME_PATTERN.test(userId)
      ? ok({ name, kind: 'server-to-user' })
      : invalid('channel_name has no valid user id after #server-to-user-');
  }
  if (!CHANNEL_NAME_PATTERN.test(name)) {
    return invalid('channel_name may only contain letters, digits and _ - = @ , . ;');
  }
  return ok({ name, kind: kindOf(name) });
}

/** The channel `sendToUser` publishes on, and only the socket signed in as that user may join. */
export function serverToUserChannel(userId: string): string {
  return `${SERVER_TO_USER_PREFIX}${userId}`;
}

/** For code that holds a channel name and needs its kind: the parser decides, never a prefix test of its own. */
export function isPresenceChannel(name: unknown): boolean {
  const channel = parseChannelName(name);
  return channel.ok && channel.value.kind === 'presence';
}

function kindOf(name: string): ChannelKind {
  if (name.startsWith('private-encrypted-')) return 'private-encrypted';
  if (name.startsWith('private-')) return 'private';
  if (name.startsWith('presence-')) return 'presence';
  return 'public';
}

function invalid(message: string): { ok: false; error: ChannelNameError } {
  return err({ kind: 'InvalidChannelName', message });
}
