import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { IncomingMessage, ServerResponse } from 'node:http';

export { decodePathSegment } from '../lambda/http-request.ts';

/**
 * Past its limit, the rest of a refused body is still read (and dropped) up to this many bytes, so
 * the keep-alive connection carries the next request; a larger body closes the connection instead.
 */
export const MAX_DRAINED_BODY_BYTES = 8 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  /** The rest of the body is too large to drain: answer with `connection: close`. */
  readonly closesConnection: boolean;

  constructor(message: string, closesConnection: boolean) {
    super(message);
    this.closesConnection = closesConnection;
  }
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

/**
 * The body, refused with `BodyTooLargeError` as soon as it is known to be over `limit` (each caller
 * names the limit of its endpoint). A refused body is drained rather than destroyed: destroying the
 * request resets the connection, and the next request on it (a keep-alive agent's) with it.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const refuse = () => {
      refused = true;
      chunks.length = 0;
      const declared = Number(request.headers['content-length']);
      const drainable = Number.isFinite(declared) && declared <= limit + MAX_DRAINED_BODY_BYTES;
      reject(new BodyTooLargeError(`the body is over ${limit} bytes`, !drainable));
    };
    if (Number(request.headers['content-length']) > limit) refuse();
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (refused) {
        if (size > limit + MAX_DRAINED_BODY_BYTES) request.socket.destroy();
        return;
      }
      if (size > limit) return refuse();
      chunks.push(chunk);
    });
    request.once('end', () => {
      if (!refused) resolve(Buffer.concat(chunks));
    });
    request.once('error', reject);
    request.once('close', () => {
      if (!request.complete) reject(new Error('the client closed the connection before sending the whole body'));
    });
  });
}

/**
 * Whether a request's path is on a route's (`GET /apps/{appId}/channels`), as API Gateway matches
 * it: segment by segment, a `{name}` segment taking any one non-empty segment.
 */
export function routePathMatches(routeKey: string, pathname: string): boolean {
  const template = routeKey.slice(routeKey.indexOf(' ') + 1).split('/');
  const segments = pathname.split('/');
  return template.length === segments.length && template.every((part, index) => (/^\{\w+\}$/.test(part) ? segments[index] !== '' : part === segments[index]));
}

export function routeMatches(routeKey: string, method: string, pathname: string): boolean {
  return routeKey.startsWith(`${method} `) && routePathMatches(routeKey, pathname);
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
