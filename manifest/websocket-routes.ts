import { MESSAGE_ACTIONS } from '../domain/messaging/actions.ts';

/**
 * API Gateway's WebSocket route syntax, written once for the Pulumi component that deploys the
 * routes and for local mode, which emulates their selection. The domain knows only the actions.
 */
export const CONNECT_ROUTE = '$connect';
export const DISCONNECT_ROUTE = '$disconnect';
/** Where a message goes when its action names no route (or it has none, or is not JSON). */
export const DEFAULT_ROUTE = '$default';

/** The message field API Gateway picks the route from... */
export const ROUTE_SELECTION_FIELD = 'action';
/** ...as API Gateway spells it. */
export const ROUTE_SELECTION_EXPRESSION = `$request.body.${ROUTE_SELECTION_FIELD}`;

/** Every route the WebSocket API has: the three built-in ones, then one per action. */
export const WEBSOCKET_ROUTE_KEYS: readonly string[] = [CONNECT_ROUTE, DISCONNECT_ROUTE, DEFAULT_ROUTE, ...MESSAGE_ACTIONS];

/**
 * The channels API: a second WebSocket API that speaks the Pusher protocol to unmodified pusher-js.
 * Its routes select on the frame's `event`; every other event (client events, `pusher:pong`) goes to `$default`.
 */
export const CHANNELS_ROUTE_SELECTION_FIELD = 'event';
export const CHANNELS_ROUTE_SELECTION_EXPRESSION = `$request.body.${CHANNELS_ROUTE_SELECTION_FIELD}`;
export const CHANNELS_MESSAGE_ROUTES = ['pusher:subscribe', 'pusher:unsubscribe', 'pusher:ping', 'pusher:signin'] as const;
export const CHANNELS_ROUTE_KEYS: readonly string[] = [CONNECT_ROUTE, DISCONNECT_ROUTE, DEFAULT_ROUTE, ...CHANNELS_MESSAGE_ROUTES];

/**
 * pusher-js connects to `/app/<key>`, a path API Gateway refuses after the stage: what stands in
 * front (a CloudFront Function on AWS, the emulation in local mode) moves the key into this query
 * parameter of the stage's root.
 */
export const CHANNELS_APP_KEY_PARAMETER = 'app_key';

