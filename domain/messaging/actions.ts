/**
 * The WebSocket API's route keys. Infrastructure imports this file (and only this one from the
 * domain) so the deployed routes and the router can never disagree.
 */
export const MESSAGE_ACTIONS = ['ping', 'test', 'authorize'] as const;
export type MessageAction = (typeof MESSAGE_ACTIONS)[number];

export const CONNECT_ROUTE = '$connect';
export const DISCONNECT_ROUTE = '$disconnect';
export const DEFAULT_ROUTE = '$default';

/** API Gateway picks the route from the `action` field of a JSON message. */
export const ROUTE_SELECTION_EXPRESSION = '$request.body.action';

/** `connect`: `?token=` checked by an authorizer on `$connect`. `action`: connect freely, then send `authorize`. */
export type WebSocketAuthMode = 'connect' | 'action';
export const WEBSOCKET_AUTH_MODES: readonly WebSocketAuthMode[] = ['connect', 'action'];

export function isMessageAction(action: string): action is MessageAction {
  return (MESSAGE_ACTIONS as readonly string[]).includes(action);
}
