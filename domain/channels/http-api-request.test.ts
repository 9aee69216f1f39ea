import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import Pusher from 'pusher';
import { describe, expect, it } from 'vitest';
import { httpApiSignature, verifyHttpApiRequest, type HttpApiRequest } from './http-api-request.ts';

// The `pusher` package's own request signer is the oracle: what it signs must verify, byte for byte.
const { createSignedQueryString } = createRequire(import.meta.url)('pusher/lib/requests.js') as {
  createSignedQueryString(token: unknown, request: { method: string; path: string; params?: Record<string, string>; body?: string }): string;
};

const CREDENTIALS = { key: 'app-key', secret: 'app-secret' };
const pusher = new Pusher({ appId: '1', ...CREDENTIALS, cluster: 'mt1' });
const token = (pusher as unknown as { config: { token: unknown } }).config.token;
const nowSeconds = () => Math.floor(Date.now() / 1000);

function signed(method: string, path: string, params?: Record<string, string>, body?: string): HttpApiRequest {
  const rawQuery = createSignedQueryString(token, { method, path, ...(params === undefined ? {} : { params }), ...(body === undefined ? {} : { body }) });
  return { method, path, rawQuery, body: Buffer.from(body ?? '') };
}

const verify = (request: HttpApiRequest, now = nowSeconds()) => verifyHttpApiRequest(request, CREDENTIALS, now);
const kindOf = (request: HttpApiRequest) => {
  const result = verify(request);
  return result.ok ? 'accepted' : result.error.kind;
};

describe('verifyHttpApiRequest against the pusher package', () => {
  it('matches the worked example of the Pusher HTTP API reference', () => {
    const body = '{"name":"foo","channels":["project-3"],"data":"{\\"some\\":\\"data\\"}"}';
    const bodyMd5 = createHash('md5').update(body).digest('hex');
    expect(bodyMd5).toBe('ec365a775a4cd0599faeb73354201b6f');
    const params = new Map([['auth_key', '278d425bdf160c739803'], ['auth_timestamp', '1353088179'], ['auth_version', '1.0'], ['body_md5', bodyMd5]]);
    expect(httpApiSignature('7ad3773142a6692b25b8', 'POST', '/apps/3/events', params)).toBe('da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c');
    expect(httpApiSignature('7ad3773142a6692b25b8', 'POST', '/apps/3/events', new Map([...params].reverse()))).toBe('da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c');
  });

  it.each([
    ['GET', '/apps/1/channels', { filter_by_prefix: 'presence-', info: 'user_count' }, undefined],
    ['GET', '/apps/1/channels/presence-lobby', { info: 'user_count,subscription_count' }, undefined],
    ['GET', '/apps/1/channels/presence-lobby/users', undefined, undefined],
    ['POST', '/apps/1/events', undefined, '{"name":"e","channels":["a"],"data":"{}"}'],
    ['POST', '/apps/1/users/alice/terminate_connections', undefined, '{}'],
  ])('accepts what the package signs: %s %s', (method, path, params, body) => {
    const result = verify(signed(method, path, params, body));
    expect(result.ok).toBe(true);
    if (result.ok) for (const [name, value] of Object.entries(params ?? {})) expect(result.value.get(name)).toBe(value);
  });

  it('agrees with the package on the signature itself', () => {
    const request = signed('GET', '/apps/1/channels', { filter_by_prefix: 'private-' });
    const query = new Map(request.rawQuery.split('&').map((part) => part.split('=') as [string, string]));
    expect(httpApiSignature(CREDENTIALS.secret, 'GET', '/apps/1/channels', query)).toBe(query.get('auth_signature'));
  });
});

describe('verifyHttpApiRequest refuses a captured request widened without the secret', () => {
  const captured = signed('GET', '/apps/1/channels', { filter_by_prefix: 'presence-' });

  it('by upper-casing a name the server would then not read (FILTER_BY_PREFIX)', () => {
    const widened = { ...captured, rawQuery: captured.rawQuery.replace('filter_by_prefix=', 'FILTER_BY_PREFIX=') };
    expect(kindOf(widened)).toBe('NotCanonical');
  });

  it('by hiding a parameter inside another one’s value (auth_version=1.0%26filter_by_prefix%3D…)', () => {
    const widened = { ...captured, rawQuery: captured.rawQuery.replace('auth_version=1.0', 'auth_version=1.0%26filter_by_prefix%3Dpresence-').replace('&filter_by_prefix=presence-', '') };
    expect(widened.rawQuery).not.toContain('&filter_by_prefix');
    expect(kindOf(widened)).toBe('NotCanonical');
  });

  it('by repeating a parameter (auth_signature, or the filter itself)', () => {
    expect(kindOf({ ...captured, rawQuery: `${captured.rawQuery}&auth_signature=${'0'.repeat(64)}` })).toBe('NotCanonical');
    expect(kindOf({ ...captured, rawQuery: `auth_signature=${'0'.repeat(64)}&${captured.rawQuery}` })).toBe('NotCanonical');
    expect(kindOf({ ...captured, rawQuery: `${captured.rawQuery}&filter_by_prefix=` })).toBe('NotCanonical');
  });

  it('by changing a value, the method, the path or the body', () => {
    expect(kindOf({ ...captured, rawQuery: captured.rawQuery.replace('filter_by_prefix=presence-', 'filter_by_prefix=') })).toBe('InvalidSignature');
    expect(kindOf({ ...captured, method: 'POST' })).toBe('InvalidSignature');
    expect(kindOf({ ...captured, path: '/apps/1/channels/presence-a' })).toBe('InvalidSignature');
    const post = signed('POST', '/apps/1/events', undefined, '{"name":"e","channels":["a"],"data":"1"}');
    expect(kindOf({ ...post, body: Buffer.from('{"name":"e","channels":["b"],"data":"1"}') })).toBe('BodyMismatch');
  });

  it('once it is older (or newer) than 600 seconds, and under another key', () => {
    expect(verify(captured, nowSeconds() + 601).ok || 'refused').toBe('refused');
    expect(verify(captured, nowSeconds() - 601).ok || 'refused').toBe('refused');
    expect(verify(captured, nowSeconds() + 590).ok).toBe(true);
    expect(verifyHttpApiRequest(captured, { key: 'other', secret: CREDENTIALS.secret }, nowSeconds()).ok || 'refused').toBe('refused');
  });

  it.each(['', 'a', 'auth_key', '%61uth_key=app-key', 'auth_key=%zz'])('refuses the malformed query %j', (rawQuery) => {
    expect(verify({ ...captured, rawQuery }).ok).toBe(false);
  });
});
