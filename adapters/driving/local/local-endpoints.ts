import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonObject } from '../../../domain/shared/json.ts';
import type { DemoTokenAnswer } from './demo-token.ts';
import { readBody, writeJson } from './http-event-emulator.ts';
import type { LocalQueue } from './local-queue.ts';

/** A queue message as SQS takes it: at most 256 KiB. */
const MAX_QUEUE_MESSAGE_BYTES = 256 * 1024;
const MAX_DEMO_TOKEN_REQUEST_BYTES = 4 * 1024;

export interface LocalEndpointsDeps {
  readonly queues: Readonly<Record<'NotifyUser' | 'NotifyConnection', LocalQueue>>;
  readonly liveSockets: () => number;
  /** Rows in the registry, when the registry can count them (the in-memory one). */
  readonly registryRows: () => number | undefined;
  readonly mintDemoToken: (userId: unknown) => Promise<DemoTokenAnswer>;
  /** The demo page's own requests only: no `Origin`, or this server's. */
  readonly isSameOrigin: (request: IncomingMessage) => boolean;
}

/**
 * Local mode's own endpoints under `/local/`: the queues' front doors (what SQS SendMessage is on
 * AWS), their depths and dead letters, the demo page's tokens, and live figures for soak tests.
 * False when not one of them. Writes take `application/json` only: a cross-site HTML form can send
 * `text/plain`, never JSON, without the browser asking first.
 */
export async function handleLocalEndpoint(request: IncomingMessage, response: ServerResponse, pathname: string, deps: LocalEndpointsDeps): Promise<boolean> {
  const method = request.method ?? 'GET';
  const queueName = /^\/local\/queues\/(NotifyUser|NotifyConnection)$/.exec(pathname)?.[1] as keyof LocalEndpointsDeps['queues'] | undefined;
  if (queueName !== undefined && method === 'POST') {
    if (!isJson(request)) return refuseMediaType(response);
    const queue = deps.queues[queueName];
    const body = (await readBody(request, MAX_QUEUE_MESSAGE_BYTES)).toString('utf8');
    if (body.trim() === '') writeJson(response, 400, { message: `send the ${queue.name} message as the body` });
    else writeJson(response, 202, { messageId: queue.send(body) });
    return true;
  }
  if (pathname === '/local/demo-token' && method === 'POST') {
    if (!deps.isSameOrigin(request)) return answered(response, 403, { message: 'demo tokens are for the demo page on this server only' });
    if (!isJson(request)) return refuseMediaType(response);
    const fields = parseJsonObject((await readBody(request, MAX_DEMO_TOKEN_REQUEST_BYTES)).toString('utf8'));
    if (fields === undefined) return answered(response, 400, { message: 'send {"user_id": "…"} as JSON' });
    const minted = await deps.mintDemoToken(fields['user_id']);
    return answered(response, minted.status, minted.body, { 'cache-control': 'no-store' });
  }
  if (pathname === '/local/queues' && method === 'GET') {
    const status = Object.values(deps.queues).map((queue) => [queue.name, { depth: queue.depth(), deadLetters: queue.deadLetters().map(({ messageId, body, receiveCount }) => ({ messageId, body, receiveCount })) }]);
    writeJson(response, 200, Object.fromEntries(status));
    return true;
  }
  if (pathname === '/local/stats' && method === 'GET') {
    // After a full GC when the process was started with --expose-gc, so heap figures compare.
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    const memory = process.memoryUsage();
    writeJson(response, 200, { connections: deps.liveSockets(), registryRows: deps.registryRows(), heapUsedBytes: memory.heapUsed, rssBytes: memory.rss, gcExposed: collect !== undefined });
    return true;
  }
  return false;
}

function isJson(request: IncomingMessage): boolean {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function refuseMediaType(response: ServerResponse): true {
  return answered(response, 415, { message: 'send the body as application/json' });
}

function answered(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  writeJson(response, status, body, headers);
  return true;
}
