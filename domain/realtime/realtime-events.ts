/** Event names of the Pusher Channels protocol (version 7) that the core itself emits. */
export const REALTIME_EVENTS = {
  memberAdded: 'pusher_internal:member_added',
  memberRemoved: 'pusher_internal:member_removed',
  subscriptionSucceeded: 'pusher_internal:subscription_succeeded',
} as const;
