import type { IncomingMessage } from 'node:http';

/** The settings local mode reads for who may drive it, besides loopback (comma-separated). */
export const LOCAL_ACCESS_SETTINGS = {
  allowedHosts: 'LOCAL_ALLOWED_HOSTS',
  allowedOrigins: 'LOCAL_ALLOWED_ORIGINS',
} as const;

const HOST_WITH_PORT = /^(?:\[[^\]]*\]|[^:[\]]+):\d{1,5}$/;
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;
/** Any port: the developer's own dev server (`http://localhost:3000`) is one of their pages. */
const LOOPBACK_ORIGIN = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/;

export type AccessDecision = { readonly allowed: true } | { readonly allowed: false; readonly status: 403; readonly message: string };

/**
 * Local mode answers only the developer: requests whose `Host` names this server (loopback or a
 * configured name, with its port; anything else is a DNS-rebinding page), and, from browsers, only
 * pages on the developer's own origins. Requests without an `Origin` (curl, SDKs, wscat) come from
 * programs, not from web pages, and are allowed.
 */
export class LocalAccessPolicy {
  private readonly hosts: ReadonlySet<string>;
  private readonly origins: ReadonlySet<string>;

  constructor(options: { readonly port: number; readonly boundHost: string; readonly allowedHosts?: readonly string[]; readonly allowedOrigins?: readonly string[] }) {
    const names = [...LOOPBACK_NAMES, bracketed(options.boundHost), ...(options.allowedHosts ?? [])].map((name) => name.toLowerCase());
    this.hosts = new Set(names.flatMap((name) => (HOST_WITH_PORT.test(name) ? [name] : [`${name}:${options.port}`, ...(options.port === 80 ? [name] : [])])));
    this.origins = new Set((options.allowedOrigins ?? []).map((origin) => origin.replace(/\/+$/, '').toLowerCase()));
  }

  static fromEnvironment(env: Readonly<Record<string, string | undefined>>, port: number, boundHost: string): LocalAccessPolicy {
    return new LocalAccessPolicy({ port, boundHost, allowedHosts: parseList(env[LOCAL_ACCESS_SETTINGS.allowedHosts]), allowedOrigins: parseList(env[LOCAL_ACCESS_SETTINGS.allowedOrigins]) });
  }

  isAllowedHost(host: string | undefined): boolean {
    return host !== undefined && this.hosts.has(host.toLowerCase());
  }

  /** The developer's own origins: loopback on any port, this server's own names, the configured list. */
  isAllowedOrigin(origin: string): boolean {
    const normalized = origin.toLowerCase();
    return LOOPBACK_ORIGIN.test(normalized) || this.origins.has(normalized) || (normalized.startsWith('http://') && this.hosts.has(normalized.slice('http://'.length)));
  }

  /** Whether to answer this request (or upgrade) at all. */
  check(request: IncomingMessage): AccessDecision {
    if (!this.isAllowedHost(request.headers.host)) {
      return { allowed: false, status: 403, message: `local mode answers only requests for 127.0.0.1, localhost or [::1] on its port; add other host names to ${LOCAL_ACCESS_SETTINGS.allowedHosts}` };
    }
    const origin = originOf(request);
    if (origin !== undefined && !this.isAllowedOrigin(origin)) {
      return { allowed: false, status: 403, message: `pages on ${origin.slice(0, 200)} may not use local mode; add the origin to ${LOCAL_ACCESS_SETTINGS.allowedOrigins}` };
    }
    return { allowed: true };
  }

  /** A same-origin request: no `Origin` (not a browser, or a same-origin GET) or this very server's. */
  isSameOrigin(request: IncomingMessage): boolean {
    const origin = originOf(request);
    return origin === undefined || origin.toLowerCase() === `http://${(request.headers.host ?? '').toLowerCase()}`;
  }
}

export function originOf(request: IncomingMessage): string | undefined {
  const origin = request.headers.origin;
  return origin === undefined || origin === '' ? undefined : origin;
}

function parseList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
