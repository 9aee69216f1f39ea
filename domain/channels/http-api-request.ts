import { createHash } from 'node:crypto';
import { hmacSha256Hex } from './pusher-signature.ts';
import { constantTimeEquals } from '../shared/constant-time.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { httpApiStringToSign } from './pusher-protocol.ts';

/** Pusher accepts requests signed within this many seconds of its clock; so does pushgate (a replay inside it is accepted). */
export const HTTP_API_TIMESTAMP_WINDOW_SECONDS = 600;

/** A Pusher HTTP API request as it arrived: the query undecoded, so what is verified is what was sent. */
export interface HttpApiRequest {
  readonly method: string;
  readonly path: string;
  /** Without the `?`, percent-encoding untouched. */
  readonly rawQuery: string;
  readonly body: Uint8Array;
}

export interface HttpApiCredentials {
  readonly key: string;
  readonly secret: string;
}

export type HttpApiRefusal =
  | { readonly kind: 'NotCanonical'; readonly message: string }
  | { readonly kind: 'UnknownKey'; readonly message: string }
  | { readonly kind: 'Expired'; readonly message: string }
  | { readonly kind: 'BodyMismatch'; readonly message: string }
  | { readonly kind: 'InvalidSignature'; readonly message: string };

/** The query's parameters by name, each once, decoded: the only values a handler may read. */
export type VerifiedQuery = ReadonlyMap<string, string>;

/** Names as the `pusher` package sends them: already lower case, so lower-casing cannot merge two of them. */
const PARAMETER_NAME = /^[a-z0-9_]{1,64}$/;

/**
 * Verifies a Pusher HTTP API request (key, timestamp window, `body_md5`, HMAC-SHA256 over
 * `METHOD\npath\nsorted query`) and returns its query. Only the canonical form is accepted, the
 * form every Pusher SDK sends: lower-case names, each once, values that hold no `&` or `=` once
 * decoded. Anything else could read differently from how it was signed, so it is refused.
 */
export function verifyHttpApiRequest(request: HttpApiRequest, credentials: HttpApiCredentials, nowSeconds: number): Result<VerifiedQuery, HttpApiRefusal> {
  const query = parseCanonicalQuery(request.rawQuery);
  if (!query.ok) return err({ kind: 'NotCanonical', message: query.error });
  const params = query.value;
  const key = params.get('auth_key');
  if (key === undefined || !constantTimeEquals(key, credentials.key)) return err({ kind: 'UnknownKey', message: 'Unknown auth_key' });
  const timestamp = params.get('auth_timestamp') ?? '';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > HTTP_API_TIMESTAMP_WINDOW_SECONDS) {
    return err({ kind: 'Expired', message: `Timestamp expired: the request must be signed within ${HTTP_API_TIMESTAMP_WINDOW_SECONDS} seconds` });
  }
  if (request.body.byteLength > 0 && params.get('body_md5') !== createHash('md5').update(request.body).digest('hex')) {
    return err({ kind: 'BodyMismatch', message: 'body_md5 does not match the body' });
  }
  const expected = httpApiSignature(credentials.secret, request.method, request.path, params);
  if (!constantTimeEquals(params.get('auth_signature') ?? '', expected)) {
    return err({ kind: 'InvalidSignature', message: 'Invalid signature: you should have sent HmacSHA256Hex(string_to_sign, secret)' });
  }
  return ok(params);
}

/** Lower-case hex HMAC-SHA256 of the string to sign; `auth_signature` itself is left out. */
export function httpApiSignature(secret: string, method: string, path: string, params: VerifiedQuery): string {
  const sortedQuery = [...params]
    .filter(([name]) => name !== 'auth_signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return hmacSha256Hex(secret, httpApiStringToSign(method.toUpperCase(), path, sortedQuery));
}

function parseCanonicalQuery(rawQuery: string): Result<Map<string, string>, string> {
  const params = new Map<string, string>();
  if (rawQuery === '') return ok(params);
  for (const part of rawQuery.split('&')) {
    const separator = part.indexOf('=');
    const name = separator < 0 ? part : part.slice(0, separator);
    if (separator < 0 || !PARAMETER_NAME.test(name)) return err(`query parameters are name=value with lower-case names: ${JSON.stringify(name.slice(0, 64))} is not`);
    if (params.has(name)) return err(`the query parameter ${name} appears more than once`);
    const value = decodeOrUndefined(part.slice(separator + 1));
    if (value === undefined) return err(`the query parameter ${name} is not valid percent-encoding`);
    if (/[&=]/.test(value)) return err(`the query parameter ${name} holds & or = once decoded`);
    params.set(name, value);
  }
  return ok(params);
}

function decodeOrUndefined(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
