import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** Bodies past this are refused before parsing: nothing pushgate accepts over HTTP comes close (but Pusher's batches: `PUSHER_API_MAX_BODY_BYTES`). */
export const MAX_HTTP_BODY_BYTES = 16 * 1024;

export type BodyResult =
  | { readonly ok: true; readonly fields: Record<string, unknown>; readonly raw: string }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly message: string };

/** Header lookup by lower-case name (HTTP API v2 lower-cases them already; tests and proxies may not). */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

export type TooLarge = { readonly ok: false; readonly status: 413; readonly message: string };

/** The body's bytes as the client sent them (API Gateway base64-encodes what it takes for binary). */
export function bodyBytes(event: APIGatewayProxyEventV2, limit: number = MAX_HTTP_BODY_BYTES): { readonly ok: true; readonly bytes: Buffer } | TooLarge {
  const body = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (bytes.byteLength > limit) return { ok: false, status: 413, message: `the body is over ${limit} bytes` };
  return { ok: true, bytes };
}

export function rawBody(event: APIGatewayProxyEventV2): { ok: true; raw: string } | TooLarge {
  const body = bodyBytes(event);
  return body.ok ? { ok: true, raw: body.bytes.toString('utf8') } : body;
}

/** A percent-encoded path segment, decoded; undefined when the encoding is broken (answer 400, never throw). */
export function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** A form-encoded or JSON body as one flat record of fields. */
export function parseBody(event: APIGatewayProxyEventV2): BodyResult {
  const body = rawBody(event);
  if (!body.ok) return body;
  const mediaType = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (body.raw === '') return { ok: true, fields: {}, raw: '' };
  if (mediaType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.raw);
    } catch {
      return { ok: false, status: 400, message: 'the body is not valid JSON' };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, status: 400, message: 'the JSON body must be an object' };
    return { ok: true, fields: parsed as Record<string, unknown>, raw: body.raw };
  }
  if (mediaType === 'application/x-www-form-urlencoded' || mediaType === '') {
    return { ok: true, fields: Object.fromEntries(new URLSearchParams(body.raw)), raw: body.raw };
  }
  return { ok: false, status: 415, message: 'send application/x-www-form-urlencoded or application/json' };
}

/** Query parameters, decoded; the last value wins for repeated names. */
export function queryParameters(event: APIGatewayProxyEventV2): Record<string, string> {
  return event.rawQueryString ? Object.fromEntries(new URLSearchParams(event.rawQueryString)) : { ...(event.queryStringParameters ?? {}) } as Record<string, string>;
}

/** `Authorization: Bearer <token>`. */
export function bearerToken(event: APIGatewayProxyEventV2): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(event, 'authorization') ?? '');
  return match?.[1];
}

/** `Authorization: Basic base64(key:secret)`. */
export function basicCredentials(event: APIGatewayProxyEventV2): { key: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header(event, 'authorization') ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return undefined;
  return { key: decoded.slice(0, separator), secret: decoded.slice(separator + 1) };
}
