import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { LocalAccessPolicy } from './local-access-policy.ts';

const policy = LocalAccessPolicy.fromEnvironment({ LOCAL_ALLOWED_HOSTS: 'devbox.test, other.test:8080', LOCAL_ALLOWED_ORIGINS: 'https://app.example/' }, 4000, '127.0.0.1');
const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('LocalAccessPolicy', () => {
  it.each(['127.0.0.1:4000', 'localhost:4000', 'LOCALHOST:4000', '[::1]:4000', 'devbox.test:4000', 'other.test:8080'])('serves Host %s', (host) => {
    expect(policy.isAllowedHost(host)).toBe(true);
  });

  it.each(['evil.example:4000', '127.0.0.1:4001', 'localhost', '127.0.0.1', 'devbox.test:4001', 'other.test:4000', '127.0.0.1.evil.example:4000', '::1:4000', ''])('refuses Host %j', (host) => {
    expect(policy.isAllowedHost(host)).toBe(false);
  });

  it.each(['http://localhost:3000', 'http://127.0.0.1:5173', 'http://[::1]:8080', 'http://localhost', 'https://app.example', 'http://devbox.test:4000'])('takes Origin %s as the developer\'s', (origin) => {
    expect(policy.isAllowedOrigin(origin)).toBe(true);
  });

  it.each(['https://evil.example', 'null', 'http://localhost.evil.example', 'http://localhost:3000.evil.example', 'https://localhost:3000', 'http://127.0.0.2:3000', 'https://app.example.evil', 'http://devbox.test:9999'])('refuses Origin %s', (origin) => {
    expect(policy.isAllowedOrigin(origin)).toBe(false);
  });

  it('lets programs without an Origin through, and tells a refused page which setting would allow it', () => {
    expect(policy.check(request({ host: '127.0.0.1:4000' }))).toEqual({ allowed: true });
    expect(policy.check(request({ host: '127.0.0.1:4000', origin: 'https://evil.example' }))).toMatchObject({ allowed: false, status: 403, message: expect.stringContaining('LOCAL_ALLOWED_ORIGINS') });
    expect(policy.check(request({ host: 'evil.example:4000' }))).toMatchObject({ allowed: false, status: 403, message: expect.stringContaining('LOCAL_ALLOWED_HOSTS') });
  });

  it('tells the server\'s own pages from other origins', () => {
    expect(policy.isSameOrigin(request({ host: '127.0.0.1:4000' }))).toBe(true);
    expect(policy.isSameOrigin(request({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000' }))).toBe(true);
    expect(policy.isSameOrigin(request({ host: '127.0.0.1:4000', origin: 'http://localhost:3000' }))).toBe(false);
  });
});
