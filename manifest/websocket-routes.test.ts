import { describe, expect, it } from 'vitest';
import { MESSAGE_ACTIONS } from '../domain/messaging/actions.ts';
import { CHANNELS_ROUTE_KEYS, CHANNELS_ROUTE_SELECTION_EXPRESSION, CONNECT_ROUTE, DEFAULT_ROUTE, DISCONNECT_ROUTE, ROUTE_SELECTION_EXPRESSION, WEBSOCKET_ROUTE_KEYS } from './websocket-routes.ts';

describe('the WebSocket routes', () => {
  it('use API Gateway\'s built-in route keys and select on the message\'s action', () => {
    expect([CONNECT_ROUTE, DISCONNECT_ROUTE, DEFAULT_ROUTE]).toEqual(['$connect', '$disconnect', '$default']);
    expect(ROUTE_SELECTION_EXPRESSION).toBe('$request.body.action');
  });

  it('are the built-in routes plus one per action, each once', () => {
    expect(WEBSOCKET_ROUTE_KEYS).toEqual(['$connect', '$disconnect', '$default', ...MESSAGE_ACTIONS]);
    expect(new Set(WEBSOCKET_ROUTE_KEYS).size).toBe(WEBSOCKET_ROUTE_KEYS.length);
  });

  it('give the channels API the built-in routes plus one per Pusher event a server answers, selected on the frame\'s event', () => {
    expect(CHANNELS_ROUTE_SELECTION_EXPRESSION).toBe('$request.body.event');
    expect(CHANNELS_ROUTE_KEYS).toEqual(['$connect', '$disconnect', '$default', 'pusher:subscribe', 'pusher:unsubscribe', 'pusher:ping', 'pusher:signin']);
  });
});
