import { PUBLISH_LIMITS } from '../channels/pusher-protocol.ts';

/** C0, DEL and C1: nothing a client should have to render or log. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
/** The protocol's own events: only the server itself emits them, never an app or a client. */
const RESERVED_PREFIXES = ['pusher:', 'pusher_internal:'] as const;

/** Why an event name from an app (HTTP API) or a client may not be used; undefined when it may. */
export function eventNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > PUBLISH_LIMITS.eventNameLength) return `name must be a string of 1 to ${PUBLISH_LIMITS.eventNameLength} characters`;
  if (CONTROL_CHARACTERS.test(name)) return 'event names may not contain control characters';
  const reserved = RESERVED_PREFIXES.find((prefix) => name.startsWith(prefix));
  if (reserved !== undefined) return `event names starting with ${reserved} are reserved for the protocol`;
  return undefined;
}
