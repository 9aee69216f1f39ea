/** Event names of the Pusher Channels protocol (version 7) that the core itself emits. */
export const REALTIME_EVENTS = {
  memberAdded: 'pusher_internal:member_added',
  memberRemoved: 'pusher_internal:member_removed',
  subscriptionSucceeded: 'pusher_internal:subscription_succeeded',
  subscriptionCount: 'pusher_internal:subscription_count',
  /** Watched users came online or went offline (to a signed-in socket, not on a channel). */
  watchlistEvents: 'pusher_internal:watchlist_events',
  /** A cache channel had no event to replay to its new subscriber. */
  cacheMiss: 'pusher:cache_miss',
} as const;
