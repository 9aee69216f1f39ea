import type { ChannelPattern } from '../channels/channel-pattern.ts';

/** A refresh token as stored: only its SHA-256, never the token itself. */
export interface RefreshTokenRecord {
  readonly tokenHash: string;
  /** Every token rotated from one sign-in shares a family; reuse of a spent one revokes them all. */
  readonly familyId: string;
  /** When the family's first token was issued (ms): its absolute lifetime counts from here, whatever the rotations. */
  readonly familyIssuedAt: number;
  readonly userId: string;
  readonly channels: readonly ChannelPattern[];
  readonly userInfo?: Readonly<Record<string, unknown>>;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

export type ConsumeOutcome =
  | { readonly kind: 'consumed'; readonly record: RefreshTokenRecord }
  /** It was spent before: a replay, so the caller revokes the family. */
  | { readonly kind: 'reused'; readonly record: RefreshTokenRecord }
  | { readonly kind: 'revoked' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'unknown' };

export interface RefreshTokenStore {
  save(record: RefreshTokenRecord): Promise<void>;
  /** Atomically marks the token spent; of two concurrent calls exactly one sees `consumed`. */
  consume(tokenHash: string, now: number): Promise<ConsumeOutcome>;
  /** The record, spent or not, without spending it (revocation by token); undefined when unknown. */
  find(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /** Revokes every token of the family; `at` (ms) dates the revocation, which is kept while its tokens could live. */
  revokeFamily(familyId: string, at: number): Promise<void>;
  /** Revokes every family of the user first issued at or before `at` (ms): a sign-out everywhere. Later sign-ins are not affected. */
  revokeUser(userId: string, at: number): Promise<void>;
}
