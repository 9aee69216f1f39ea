/**
 * The actions the router answers, each a route of the WebSocket API. Infrastructure imports this
 * file (and only this one from the domain) so the deployed routes and the router can never
 * disagree; API Gateway's own route syntax lives in manifest/websocket-routes.ts.
 */
export const MESSAGE_ACTIONS = ['ping', 'test', 'authorize'] as const;
export type MessageAction = (typeof MESSAGE_ACTIONS)[number];

/** `connect`: `?token=` checked by an authorizer on `$connect`. `action`: connect freely, then send `authorize`. */
export type WebSocketAuthMode = 'connect' | 'action';
export const WEBSOCKET_AUTH_MODES: readonly WebSocketAuthMode[] = ['connect', 'action'];

export function isMessageAction(action: string): action is MessageAction {
  return (MESSAGE_ACTIONS as readonly string[]).includes(action);
}
