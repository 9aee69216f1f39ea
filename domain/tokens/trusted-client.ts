import { constantTimeEquals } from '../shared/constant-time.ts';

/** The backend allowed to mint and revoke tokens for any user (HTTP Basic on /token and /token/revoke). */
export interface TrustedClient {
  readonly key: string;
  readonly secret: string;
}

/** Both halves compared in constant time, and both always compared, so timing says nothing about which one was wrong. */
export function isTrustedClient(presented: TrustedClient, trusted: TrustedClient): boolean {
  const keyMatches = constantTimeEquals(presented.key, trusted.key);
  const secretMatches = constantTimeEquals(presented.secret, trusted.secret);
  return keyMatches && secretMatches;
}
