/** A user present on a presence channel, as their verified `channel_data` described them. */
export interface PresenceMember {
  readonly userId: string;
  readonly userInfo?: unknown;
}
