/** Event names of the Pusher Channels protocol (version 7) that the core itself emits. */
export const REALTIME_EVENTS = {
  memberAdded: 'pusher_internal:member_added',
  memberRemoved: 'pusher_internal:member_removed',
  subscriptionSucceeded: 'pusher_internal:subscription_succeeded',
} as const;

/** Defined with the rest of the protocol; re-exported here for local mode's HTTP API, which imports it from this file. */
export { PUBLISH_LIMITS } from '../channels/pusher-protocol.ts';
