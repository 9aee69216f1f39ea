import type { ChannelPattern } from '../channels/channel-pattern.ts';
import { PRESENCE_LIMITS } from '../channels/pusher-protocol.ts';

/** What an access token asserts about its bearer; the codec adds iss, aud, iat and exp. */
export interface AccessTokenClaims {
  readonly userId: string;
  readonly channels: readonly ChannelPattern[];
  readonly userInfo?: Readonly<Record<string, unknown>>;
  /** Milliseconds since the epoch. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** A token's user must fit on a presence channel, so its limits are Pusher's. */
export const MAX_USER_ID_LENGTH = PRESENCE_LIMITS.userIdLength;
export const MAX_USER_INFO_BYTES = PRESENCE_LIMITS.userInfoBytes;
/** Longer strings are not tokens this service issued; refusing them early bounds the work. */
export const MAX_ACCESS_TOKEN_LENGTH = 8192;
