/**
 * What the app was last told about a channel's occupancy or a member's presence, so that each
 * change is announced once: a state is recorded only if it is still what was read (`expected`),
 * so two workers cannot both record one change.
 */
export interface WebhookAnnouncements {
  lastAnnounced(key: string): Promise<string | undefined>;
  /** False when another worker recorded a change meanwhile. */
  recordAnnounced(key: string, state: string, expected: string | undefined): Promise<boolean>;
}
