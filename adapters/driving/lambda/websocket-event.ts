import type { APIGatewayEventWebsocketRequestContextV2, APIGatewayProxyWebsocketEventV2WithRequestContext } from 'aws-lambda';

/** A WebSocket route event; on `$connect` behind the authorizer, `authorizer` carries its context. */
export type WebSocketEvent = APIGatewayProxyWebsocketEventV2WithRequestContext<
  APIGatewayEventWebsocketRequestContextV2 & { readonly authorizer?: { readonly userId?: string; readonly principalId?: string } | null }
>;

/** What a WebSocket route integration answers; API Gateway ignores the body unless two-way routing is on. */
export interface WebSocketResult {
  readonly statusCode: number;
  readonly body?: string;
}

export function messageBody(event: WebSocketEvent): string | undefined {
  if (event.body === undefined) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}
