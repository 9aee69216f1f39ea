import { createServer, request as httpRequest } from 'node:http';
import { closeServer, listenOnLoopback } from './listen.ts';
import { readRequestBody } from './stub-http.ts';

/** One request as it went through the tap. */
export interface TappedRequest {
  readonly method: string;
  readonly path: string;
  /** Names in lower case, as Node gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly status: number;
  /** What `label` said when the request arrived (who was calling). */
  readonly label: string | undefined;
}

/**
 * A pass-through in front of an HTTP server that records every request with its body, for what the
 * server behind does not keep (a stub forgets a connection's frames once it is deleted). The request
 * goes on unchanged, Host header included, so a SigV4 signature made for the tap's address still
 * verifies behind it; the answer comes back unchanged.
 */
export async function startWireTap(target: string, options: { readonly label?: () => string | undefined } = {}) {
  const { hostname, port } = new URL(target);
  const requests: TappedRequest[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const label = options.label?.();
    const body = await readRequestBody(incoming);
    const forwarded = httpRequest({ hostname, port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
      requests.push({ method: incoming.method ?? '', path: incoming.url ?? '', headers: incoming.headers, body: body.toString('utf8'), status: answer.statusCode ?? 0, label });
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on('error', (error) => outgoing.writeHead(502).end(String(error)));
    forwarded.end(body);
  });
  const endpoint = await listenOnLoopback(server);
  return { endpoint, requests, stop: () => closeServer(server) };
}

