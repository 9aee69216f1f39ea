import type { IncomingMessage, ServerResponse } from 'node:http';
import { WEBSOCKET_LIMITS } from './websocket-gateway.ts';
import type { WebSocketConnections } from './websocket-connections.ts';
import { decodePathSegment, readBody, writeJson } from './http-event-emulator.ts';

/** `/@connections/{id}`, with or without a stage prefix, as the Management API SDK client calls it. */
const CONNECTIONS_PATH = /^\/(?:[^/@]+\/)?@connections\/([^/]+)$/;

export function isManagementApiPath(pathname: string): boolean {
  return CONNECTIONS_PATH.test(pathname);
}

/**
 * The API Gateway Management API in AWS's wire format: PostToConnection, GetConnection and
 * DeleteConnection; an unknown connection is 410 with `x-amzn-ErrorType: GoneException`.
 */
export async function handleManagementApi(request: IncomingMessage, response: ServerResponse, pathname: string, connections: WebSocketConnections): Promise<void> {
  const connectionId = decodePathSegment(CONNECTIONS_PATH.exec(pathname)?.[1] ?? '');
  if (connectionId === undefined) return awsError(response, 400, 'BadRequestException', 'the connection id is not valid percent-encoding');
  const body = await readBody(request, 2 * WEBSOCKET_LIMITS.maxMessageBytes);
  switch (request.method) {
    case 'POST': {
      if (body.byteLength > WEBSOCKET_LIMITS.maxMessageBytes) return awsError(response, 413, 'PayloadTooLargeException', 'Message too long');
      if (connections.post(connectionId, body) === 'gone') return awsError(response, 410, 'GoneException', 'Gone');
      response.writeHead(200, { 'content-length': 0 }).end();
      return;
    }
    case 'GET': {
      const connection = connections.describe(connectionId);
      if (connection === undefined) return awsError(response, 410, 'GoneException', 'Gone');
      writeJson(response, 200, {
        connectedAt: new Date(connection.connectedAt).toISOString(),
        lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
        identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
      });
      return;
    }
    case 'DELETE': {
      if (!connections.disconnect(connectionId)) return awsError(response, 410, 'GoneException', 'Gone');
      response.writeHead(204).end();
      return;
    }
    default:
      awsError(response, 404, 'NotFoundException', 'Unsupported method');
  }
}

function awsError(response: ServerResponse, status: number, errorType: string, message: string): void {
  writeJson(response, status, { message }, { 'x-amzn-ErrorType': errorType });
}
