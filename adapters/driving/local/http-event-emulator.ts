import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Refused while reading, before anything parses it: more than any pushgate request needs. */
export const MAX_LOCAL_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/**
 * The request target as a URL. Node hands over the raw target, so `//x` must not be read as a
 * protocol-relative URL with host `x`; a target no URL can hold is undefined (answer 400).
 */
export function parseRequestUrl(target: string | undefined): URL | undefined {
  try {
    return new URL(`http://localhost${(target ?? '/').startsWith('/') ? '' : '/'}${target ?? '/'}`);
  } catch {
    return undefined;
  }
}

/** A percent-encoded path segment, decoded; undefined when the encoding is broken (answer 400, never throw). */
export function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export async function readBody(request: IncomingMessage, limit = MAX_LOCAL_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > limit) throw new BodyTooLargeError(`the body is over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The HTTP API (payload 2.0) event API Gateway would build for this request. */
export function toHttpApiEvent(request: IncomingMessage, body: Buffer, routeKey: string): APIGatewayProxyEventV2 {
  const url = parseRequestUrl(request.url) ?? new URL('http://localhost/');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const rawQueryString = url.search.startsWith('?') ? url.search.slice(1) : url.search;
  const textual = /^(application\/(json|x-www-form-urlencoded|javascript)|text\/)/i.test(headers['content-type'] ?? 'text/plain');
  const method = request.method ?? 'GET';
  const now = Date.now();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString,
    headers,
    ...(rawQueryString === '' ? {} : { queryStringParameters: Object.fromEntries(url.searchParams) }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers['host'] ?? 'localhost',
      domainPrefix: 'local',
      http: { method, path: url.pathname, protocol: `HTTP/${request.httpVersion}`, sourceIp: request.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: `local-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      routeKey,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body.byteLength === 0 ? {} : { body: textual ? body.toString('utf8') : body.toString('base64') }),
    isBase64Encoded: body.byteLength > 0 && !textual,
  };
}

/** Writes a Lambda proxy result back as API Gateway would. */
export function writeResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2, extraHeaders: Record<string, string> = {}): void {
  const body = result.body === undefined ? Buffer.alloc(0) : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body, 'utf8');
  const headers: Record<string, string | number | boolean> = { ...extraHeaders, ...(result.headers ?? {}), 'content-length': body.byteLength };
  response.writeHead(result.statusCode ?? 200, headers as Record<string, string>).end(body);
}

export function writeJson(response: ServerResponse, status: number, value: unknown, extraHeaders: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.byteLength, ...extraHeaders }).end(body);
}
