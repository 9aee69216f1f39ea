import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEvent, SQSEvent } from 'aws-lambda';
import type { WebSocketEvent } from '../../adapters/driving/lambda/websocket-event.ts';

const API_ID = 'abc123defg';
const STAGE = 'staging';
const REQUEST_TIME_EPOCH = Date.UTC(2026, 10, 22, 12, 0, 0);

/** An HTTP API (payload format 2.0) event, shaped as API Gateway sends it. */
export function httpEvent(options: { method: string; path: string; headers?: Record<string, string>; body?: string; query?: string; isBase64Encoded?: boolean }): APIGatewayProxyEventV2 {
  const query = options.query ?? '';
  return {
    version: '2.0',
    routeKey: `${options.method} ${options.path}`,
    rawPath: options.path,
    rawQueryString: query,
    headers: { host: `${API_ID}.execute-api.eu-west-1.amazonaws.com`, 'user-agent': 'test', ...options.headers },
    ...(query === '' ? {} : { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) }),
    requestContext: {
      accountId: '123456789012',
      apiId: API_ID,
      domainName: `${API_ID}.execute-api.eu-west-1.amazonaws.com`,
      domainPrefix: API_ID,
      http: { method: options.method, path: options.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: `${options.method} ${options.path}`,
      stage: '$default',
      time: '22/Nov/2026:12:00:00 +0000',
      timeEpoch: REQUEST_TIME_EPOCH,
    },
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
}

export function formPost(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return httpEvent({ method: 'POST', path, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
}

/** The REQUEST authorizer event a WebSocket `$connect` produces. */
export function authorizerEvent(query: Record<string, string> = {}, connectionId = 'f97yeeMZDoECGqg='): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: `arn:aws:execute-api:eu-west-1:123456789012:${API_ID}/${STAGE}/$connect`,
    resource: '$connect',
    path: '',
    httpMethod: 'GET',
    headers: { Host: `${API_ID}.execute-api.eu-west-1.amazonaws.com`, 'Sec-WebSocket-Version': '13' },
    multiValueHeaders: null,
    pathParameters: null,
    queryStringParameters: query,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: { routeKey: '$connect', eventType: 'CONNECT', connectionId, stage: STAGE, apiId: API_ID } as unknown as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

/** A WebSocket route event; `$connect` behind the authorizer carries its context. */
export function webSocketEvent(routeKey: string, connectionId: string, options: { body?: string; userId?: string; isBase64Encoded?: boolean; query?: Record<string, string> } = {}): WebSocketEvent {
  const eventType = routeKey === '$connect' ? 'CONNECT' : routeKey === '$disconnect' ? 'DISCONNECT' : 'MESSAGE';
  return {
    requestContext: {
      routeKey,
      messageId: eventType === 'MESSAGE' ? 'msg-1' : '',
      eventType,
      extendedRequestId: 'ext-1',
      requestTime: '22/Nov/2026:12:00:00 +0000',
      messageDirection: 'IN',
      stage: STAGE,
      connectedAt: REQUEST_TIME_EPOCH,
      requestTimeEpoch: REQUEST_TIME_EPOCH,
      requestId: 'req-1',
      domainName: `${API_ID}.execute-api.eu-west-1.amazonaws.com`,
      connectionId,
      apiId: API_ID,
      ...(options.userId === undefined ? {} : { authorizer: { userId: options.userId, principalId: options.userId } }),
    },
    ...(options.query === undefined ? {} : { queryStringParameters: options.query }),
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
}

/** An SQS event as the event source mapping delivers it. */
export function sqsEvent(bodies: readonly string[], queueName = 'NotifyUser'): SQSEvent {
  return {
    Records: bodies.map((body, index) => ({
      messageId: `message-${index}`,
      receiptHandle: `receipt-${index}`,
      body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(REQUEST_TIME_EPOCH), SenderId: 'AIDA', ApproximateFirstReceiveTimestamp: String(REQUEST_TIME_EPOCH) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:eu-west-1:123456789012:${queueName}`,
      awsRegion: 'eu-west-1',
    })),
  };
}
