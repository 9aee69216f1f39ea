import type { RealtimeMessage } from './realtime-delivery.port.ts';
import { REALTIME_EVENTS } from './realtime-events.ts';

/** A change (or, at sign-in, the state) of some watched users' online status. */
export interface WatchlistEvent {
  readonly name: 'online' | 'offline';
  readonly userIds: readonly string[];
}

/** `pusher_internal:watchlist_events {events:[{name, user_ids}]}`: a connection-level frame (no channel), as pusher-js's watchlist reads it. */
export function watchlistEventsMessage(events: readonly WatchlistEvent[]): RealtimeMessage {
  return { event: REALTIME_EVENTS.watchlistEvents, data: { events: events.map(({ name, userIds }) => ({ name, user_ids: userIds })) } };
}
