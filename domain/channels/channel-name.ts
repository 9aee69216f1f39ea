import { err, ok, type Result } from '../shared/result.ts';

export type ChannelKind = 'public' | 'private' | 'private-encrypted' | 'presence' | 'server-to-user';

export interface Channel {
  readonly name: string;
  readonly kind: ChannelKind;
  /**
   * A cache channel (`cache-`, `private-cache-`, `private-encrypted-cache-`, `presence-cache-`): its
   * last published event is kept and replayed to each new subscriber. Otherwise as its kind is.
   */
  readonly cache: boolean;
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
      ? ok({ name, kind: 'server-to-user', cache: false })
      : invalid('channel_name has no valid user id after #server-to-user-');
  }
  if (!CHANNEL_NAME_PATTERN.test(name)) {
    return invalid('channel_name may only contain letters, digits and _ - = @ , . ;');
  }
  const kind = kindOf(name);
  return ok({ name, kind, cache: name.startsWith(CACHE_PREFIXES[kind]) });
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

/** `#server-to-user-<id>`: a user's own channel, never listed by the HTTP API. */
export function isServerToUserChannel(name: unknown): boolean {
  const channel = parseChannelName(name);
  return channel.ok && channel.value.kind === 'server-to-user';
}

export function isCacheChannel(name: unknown): boolean {
  const channel = parseChannelName(name);
  return channel.ok && channel.value.cache;
}

/** Each kind's cache variant is its own prefix followed by `cache-`. */
const CACHE_PREFIXES: Readonly<Record<NamedKind, string>> = {
  public: 'cache-',
  private: 'private-cache-',
  'private-encrypted': 'private-encrypted-cache-',
  presence: 'presence-cache-',
};

/** The kinds a name's prefix decides (`#server-to-user-cache-x` is the channel of a user called `cache-x`). */
type NamedKind = Exclude<ChannelKind, 'server-to-user'>;

function kindOf(name: string): NamedKind {
  if (name.startsWith('private-encrypted-')) return 'private-encrypted';
  if (name.startsWith('private-')) return 'private';
  if (name.startsWith('presence-')) return 'presence';
  return 'public';
}

function invalid(message: string): { ok: false; error: ChannelNameError } {
  return err({ kind: 'InvalidChannelName', message });
}
