import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from './listen.ts';
import { sigV4Refusal, type SigV4Credentials } from './sigv4-verifier.ts';
import { answerAwsError, readRequestBody } from './stub-http.ts';

export interface ManagementApiStubOptions {
  /** The stage every request path must start with, as `https://{api}.execute-api.{region}.amazonaws.com/{stage}`. */
  readonly stage?: string;
  /** Requests must be SigV4-signed for `execute-api` in this region with these credentials. */
  readonly region?: string;
  readonly credentials?: SigV4Credentials;
}

/** The defaults match the integration suites' environment (AWS_REGION us-east-1, key "test"). */
const DEFAULTS = { stage: 'staging', region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } satisfies Required<ManagementApiStubOptions>;

/**
 * A minimal server speaking the API Gateway Management API's `@connections` wire format, for
 * testing the notifier before (and apart from) the local gateway: only SigV4-signed requests to
 * `/{stage}/@connections/{id}` pass (others get 403, as from API Gateway); then 200 for open
 * connections, 410 GoneException for others, and a scripted number of 429 LimitExceededException answers.
 */
export async function startManagementApiStub(options: ManagementApiStubOptions = {}) {
  const { stage, region, credentials } = { ...DEFAULTS, ...options };
  const inboxes = new Map<string, string[]>();
  const throttleNext = new Map<string, number>();
  /** Requests that passed the signature and stage-path checks. */
  const calls: { method: string; connectionId: string }[] = [];
  /** Why each refused request was refused. */
  const refusals: string[] = [];
  const connectionPath = new RegExp(`^/${stage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/@connections/([^/?]+)$`);

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const body = (await readRequestBody(request)).toString('utf8');
    const refusal = await sigV4Refusal(request, body, { credentials, region, service: 'execute-api' });
    if (refusal !== undefined) {
      refusals.push(refusal);
      return answerAwsError(response, 403, 'InvalidSignatureException', `the request has ${refusal}`);
    }
    const match = connectionPath.exec(request.url ?? '');
    if (match === null) {
      refusals.push(`no route ${request.method} ${request.url} on stage ${stage}`);
      return answerAwsError(response, 403, 'ForbiddenException', 'Forbidden');
    }
    const connectionId = decodeURIComponent(match[1]!);
    calls.push({ method: request.method ?? '', connectionId });
    const throttled = throttleNext.get(connectionId) ?? 0;
    if (throttled > 0) {
      throttleNext.set(connectionId, throttled - 1);
      return answerAwsError(response, 429, 'LimitExceededException', 'Rate exceeded');
    }
    const inbox = inboxes.get(connectionId);
    if (inbox === undefined) return answerAwsError(response, 410, 'GoneException', 'Gone');
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
    /** The API's base URL, without the stage. */
    endpoint,
    /** Where production points the notifier: the base URL with the stage. */
    stageEndpoint: `${endpoint}/${stage}`,
    calls,
    refusals,
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


