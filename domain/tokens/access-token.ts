import type { ChannelPattern } from '../channels/channel-pattern.ts';

/** What an access token asserts about its bearer; the codec adds iss, aud, iat and exp. */
export interface AccessTokenClaims {
  readonly userId: string;
  readonly channels: readonly ChannelPattern[];
  readonly userInfo?: Readonly<Record<string, unknown>>;
  /** Milliseconds since the epoch. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export const MAX_USER_ID_LENGTH = 128;
/** Pusher refuses presence user_info over 1 KB. */
export const MAX_USER_INFO_BYTES = 1024;
/** Longer strings are not tokens this service issued; refusing them early bounds the work. */
export const MAX_ACCESS_TOKEN_LENGTH = 8192;
