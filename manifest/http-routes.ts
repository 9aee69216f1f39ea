/**
 * The HTTP API's routes and the Lambda function behind each: the Pulumi program deploys them,
 * local mode serves them, from this one list.
 */
export const HTTP_ROUTES = [
  { routeKey: 'POST /token', function: 'http-token' },
  { routeKey: 'POST /token/revoke', function: 'http-token' },
  { routeKey: 'POST /pusher/auth', function: 'http-pusher-auth' },
  { routeKey: 'GET /pusher/auth', function: 'http-pusher-auth' },
  { routeKey: 'POST /pusher/user-auth', function: 'http-pusher-user-auth' },
  { routeKey: 'POST /pusher/webhook', function: 'http-pusher-webhook' },
  // Pusher's HTTP API (the server SDKs); `{name}` is one path segment, as API Gateway matches it.
  { routeKey: 'POST /apps/{appId}/events', function: 'http-pusher-api' },
  { routeKey: 'POST /apps/{appId}/batch_events', function: 'http-pusher-api' },
  { routeKey: 'GET /apps/{appId}/channels', function: 'http-pusher-api' },
  { routeKey: 'GET /apps/{appId}/channels/{channelName}', function: 'http-pusher-api' },
  { routeKey: 'GET /apps/{appId}/channels/{channelName}/users', function: 'http-pusher-api' },
  { routeKey: 'POST /apps/{appId}/users/{userId}/terminate_connections', function: 'http-pusher-api' },
] as const;

export type HttpRouteKey = (typeof HTTP_ROUTES)[number]['routeKey'];
export type HttpFunctionName = (typeof HTTP_ROUTES)[number]['function'];
