import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, writeJson } from './http-event-emulator.ts';
import type { LocalQueue } from './local-queue.ts';

export interface LocalEndpointsDeps {
  readonly queues: Readonly<Record<'NotifyUser' | 'NotifyConnection', LocalQueue>>;
  readonly liveSockets: () => number;
  /** Rows in the registry, when the registry can count them (the in-memory one). */
  readonly registryRows: () => number | undefined;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Local mode's own endpoints under `/local/`: the queues' front doors (what SQS SendMessage is on
 * AWS), their depths and dead letters, and live figures for soak tests. False when not one of them.
 */
export async function handleLocalEndpoint(request: IncomingMessage, response: ServerResponse, pathname: string, deps: LocalEndpointsDeps): Promise<boolean> {
  const method = request.method ?? 'GET';
  const queueName = /^\/local\/queues\/(NotifyUser|NotifyConnection)$/.exec(pathname)?.[1] as keyof LocalEndpointsDeps['queues'] | undefined;
  if (queueName !== undefined && method === 'POST') {
    const queue = deps.queues[queueName];
    const body = (await readBody(request, 256 * 1024)).toString('utf8');
    if (body.trim() === '') writeJson(response, 400, { message: `send the ${queue.name} message as the body` }, deps.headers);
    else writeJson(response, 202, { messageId: queue.send(body) }, deps.headers);
    return true;
  }
  if (pathname === '/local/queues' && method === 'GET') {
    const status = Object.values(deps.queues).map((queue) => [queue.name, { depth: queue.depth(), deadLetters: queue.deadLetters().map(({ messageId, body, receiveCount }) => ({ messageId, body, receiveCount })) }]);
    writeJson(response, 200, Object.fromEntries(status), deps.headers);
    return true;
  }
  if (pathname === '/local/stats' && method === 'GET') {
    // After a full GC when the process was started with --expose-gc, so heap figures compare.
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    const memory = process.memoryUsage();
    writeJson(response, 200, { connections: deps.liveSockets(), registryRows: deps.registryRows(), heapUsedBytes: memory.heapUsed, rssBytes: memory.rss, gcExposed: collect !== undefined }, deps.headers);
    return true;
  }
  return false;
}
