import type { Channel } from './channel-name.ts';
import { matchesChannelPattern, type ChannelPattern } from './channel-pattern.ts';

/** Who is asking, as proven by a verified access token. */
export interface Principal {
  readonly userId: string;
  readonly channels: readonly ChannelPattern[];
  readonly userInfo?: Readonly<Record<string, unknown>>;
}

const ENCRYPTED_PREFIX = 'private-encrypted-';

/** Per-user channels: each user owns `<prefix><userId>` and nobody else may join it. */
const PERSONAL_CHANNEL_PREFIXES = ['private-user-', 'presence-user-', 'private-encrypted-user-'] as const;

/**
 * A user may join their own personal channels and any channel a pattern in their token matches.
 * Personal channels are reserved: a broad pattern such as `private-*` never grants another user's;
 * nor does it grant encrypted channels.
 */
export function mayJoin(principal: Principal, channel: Channel): boolean {
  const personalPrefix = PERSONAL_CHANNEL_PREFIXES.find((prefix) => channel.name.startsWith(prefix));
  if (personalPrefix !== undefined) {
    return channel.name.slice(personalPrefix.length) === principal.userId;
  }
  return principal.channels.some((pattern) => matchesChannelPattern(pattern, channel.name) && (channel.kind !== 'private-encrypted' || namesEncryptedChannels(pattern)));
}

/**
 * Encrypted channels come with their shared secret, so a pattern grants them only when it says so
 * (`private-encrypted-*`, `private-encrypted-chat-1`): `private-*` or `*` never does.
 */
function namesEncryptedChannels(pattern: ChannelPattern): boolean {
  return pattern.startsWith(ENCRYPTED_PREFIX);
}
