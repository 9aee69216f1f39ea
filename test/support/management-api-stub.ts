import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from './listen.ts';

/**
 * A minimal server speaking the API Gateway Management API's `@connections` wire format, for
 * testing the notifier before (and apart from) the local gateway: 200 for open connections, 410
 * GoneException for others, and a scripted number of 429 LimitExceededException answers.
 */
export async function startManagementApiStub() {
  const inboxes = new Map<string, string[]>();
  const throttleNext = new Map<string, number>();
  const calls: { method: string; connectionId: string }[] = [];

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const match = /^\/(?:[^/]+\/)?@connections\/([^/?]+)$/.exec(request.url ?? '');
    const body = await readBody(request);
    if (match === null) return answer(response, 404, 'NotFoundException', 'no such route');
    const connectionId = decodeURIComponent(match[1]!);
    calls.push({ method: request.method ?? '', connectionId });
    const throttled = throttleNext.get(connectionId) ?? 0;
    if (throttled > 0) {
      throttleNext.set(connectionId, throttled - 1);
      return answer(response, 429, 'LimitExceededException', 'Rate exceeded');
    }
    const inbox = inboxes.get(connectionId);
    if (inbox === undefined) return answer(response, 410, 'GoneException', 'Gone');
    if (request.method === 'POST') {
      inbox.push(body);
      response.writeHead(200).end();
    } else if (request.method === 'DELETE') {
      inboxes.delete(connectionId);
      response.writeHead(204).end();
    } else {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ connectedAt: new Date().toISOString() }));
    }
  });
  const endpoint = await listenOnLoopback(server);
  let next = 0;
  return {
    endpoint,
    calls,
    open(): string {
      const connectionId = `stub${String(next++).padStart(4, '0')}Conn=`;
      inboxes.set(connectionId, []);
      return connectionId;
    },
    close(connectionId: string): void {
      inboxes.delete(connectionId);
    },
    received(connectionId: string): readonly string[] {
      return inboxes.get(connectionId) ?? [];
    },
    throttle(connectionId: string, times: number): void {
      throttleNext.set(connectionId, times);
    },
    stop: () => closeServer(server),
  };
}

function answer(response: ServerResponse, status: number, errorType: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-ErrorType': errorType }).end(JSON.stringify({ message }));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
