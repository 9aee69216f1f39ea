import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface SigV4Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Who may call, and where: what AWS checks before a request reaches the service. */
export interface SigV4Expectation {
  readonly credentials: SigV4Credentials;
  readonly region: string;
  readonly service: string;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** AWS refuses requests signed more than 5 minutes away from its clock. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Checks a request's SigV4 signature as AWS would: the Authorization header's structure, its
 * credential scope (key, date, region, service), the signed headers that must be there, the payload
 * hash, and the signature itself, recomputed from what arrived. Returns why it is refused, or
 * undefined when it is valid.
 */
export async function sigV4Refusal(request: IncomingMessage, body: string, expected: SigV4Expectation, now = new Date()): Promise<string | undefined> {
  const authorization = request.headers['authorization'];
  if (authorization === undefined) return 'no Authorization header';
  const parts = AUTHORIZATION.exec(authorization);
  if (parts === null) return `a malformed Authorization header: ${authorization}`;
  const [, accessKeyId, scopeDate, region, service, signedHeaderList] = parts as unknown as [string, string, string, string, string, string];
  if (accessKeyId !== expected.credentials.accessKeyId) return `an unknown access key ${accessKeyId}`;
  if (region !== expected.region) return `signed for region ${region}, not ${expected.region}`;
  if (service !== expected.service) return `signed for service ${service}, not ${expected.service}`;

  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const date = AMZ_DATE.exec(amzDate);
  if (date === null) return `a missing or malformed X-Amz-Date: ${amzDate}`;
  const signingDate = new Date(`${date[1]}-${date[2]}-${date[3]}T${date[4]}:${date[5]}:${date[6]}Z`);
  if (amzDate.slice(0, 8) !== scopeDate) return `a credential scope dated ${scopeDate} for a request dated ${amzDate}`;
  if (Math.abs(signingDate.getTime() - now.getTime()) > MAX_CLOCK_SKEW_MS) return `a request signed at ${amzDate}, too far from now`;

  const signedHeaders = signedHeaderList.split(';');
  for (const required of ['host', 'x-amz-date', ...(expected.credentials.sessionToken === undefined ? [] : ['x-amz-security-token'])]) {
    if (!signedHeaders.includes(required)) return `${required} is not signed`;
  }
  if (expected.credentials.sessionToken !== undefined && request.headers['x-amz-security-token'] !== expected.credentials.sessionToken) return 'a wrong session token';
  const contentHash = request.headers['x-amz-content-sha256'];
  if (contentHash !== undefined && contentHash !== createHash('sha256').update(body).digest('hex')) return 'an X-Amz-Content-Sha256 that is not the body\'s';

  const [path = '/', query = ''] = (request.url ?? '/').split('?', 2);
  const headers = Object.fromEntries(signedHeaders.map((name) => [name, String(request.headers[name] ?? '')]));
  const signer = new SignatureV4({ credentials: expected.credentials, region, service, sha256: Sha256, applyChecksum: false });
  const resigned = await signer.sign(
    { method: request.method ?? 'GET', protocol: 'http:', hostname: headers['host']?.split(':')[0] ?? '', path, query: Object.fromEntries(new URLSearchParams(query)), headers, body },
    { signingDate, signableHeaders: new Set(signedHeaders), unsignableHeaders: new Set(Object.keys(request.headers).filter((name) => !signedHeaders.includes(name))) },
  );
  if (resigned.headers['authorization'] !== authorization) return 'a signature that does not match the request';
  return undefined;
}
