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
