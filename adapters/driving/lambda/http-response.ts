import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** Every refusal says what was wrong: `{"error":"<code>","message":"<why>"}`. */
export function errorResponse(statusCode: number, error: string, message: string, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return json(statusCode, { error, message }, headers);
}

/** JSON safe to embed in a script: the line separators JSON allows but old JavaScript does not, escaped. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029').replace(/</g, '\\u003c');
}

/**
 * A JSONP answer. The callback was checked against the allowlist before it got here; the body
 * starts with a comment so a response can never begin with attacker-chosen bytes (Rosetta Flash).
 */
export function jsonp(callback: string, value: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/javascript; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    body: `/**/${callback}(${scriptSafeJson(value)});`,
  };
}
