import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from './listen.ts';
import { sigV4Refusal, type SigV4Credentials } from './sigv4-verifier.ts';
import { answerAwsError, readRequestBody } from './stub-http.ts';

export interface LambdaInvokeStubOptions {
  /** Requests must be SigV4-signed for `lambda` in this region with these credentials. */
  readonly region?: string;
  readonly credentials?: SigV4Credentials;
}

/** One Invoke that passed the signature check, as the caller sent it. */
export interface RecordedInvocation {
  readonly functionName: string;
  /** The `X-Amz-Invocation-Type` header; Lambda takes its absence as `RequestResponse`. */
  readonly invocationType: string | undefined;
  /** The payload, parsed (invocation payloads are JSON). */
  readonly payload: unknown;
}

/** The defaults match the integration suites' environment (AWS_REGION us-east-1, key "test"). */
const DEFAULTS = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } satisfies Required<LambdaInvokeStubOptions>;
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/?]+)\/invocations(?:\?.*)?$/;

/**
 * A minimal server speaking Lambda's Invoke wire format (`POST /2015-03-31/functions/{name}/invocations`)
 * for asynchronous invokes: only SigV4-signed requests pass (others get 403, as from Lambda); each
 * one is recorded and, with `X-Amz-Invocation-Type: Event`, answered 202 as Lambda queues it. The
 * function is not run: a test invokes it with the recorded payload. A synchronous invoke is refused
 * (400), since the stub has no function to answer with.
 */
export async function startLambdaInvokeStub(options: LambdaInvokeStubOptions = {}) {
  const { region, credentials } = { ...DEFAULTS, ...options };
  const invocations: RecordedInvocation[] = [];
  /** Why each refused request was refused. */
  const refusals: string[] = [];

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const body = (await readRequestBody(request)).toString('utf8');
    const refusal = await sigV4Refusal(request, body, { credentials, region, service: 'lambda' });
    if (refusal !== undefined) {
      refusals.push(refusal);
      return answerAwsError(response, 403, 'InvalidSignatureException', `the request has ${refusal}`);
    }
    const match = request.method === 'POST' ? INVOKE_PATH.exec(request.url ?? '') : null;
    if (match === null) {
      refusals.push(`no route ${request.method} ${request.url}`);
      return answerAwsError(response, 404, 'UnknownOperationException', 'Unknown operation');
    }
    const payload = parsePayload(body);
    if (payload === INVALID) {
      refusals.push(`a payload that is not JSON: ${body.slice(0, 100)}`);
      return answerAwsError(response, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
    }
    const invocationType = headerValue(request, 'x-amz-invocation-type');
    invocations.push({ functionName: decodeURIComponent(match[1]!), invocationType, payload });
    if (invocationType !== 'Event') return answerAwsError(response, 400, 'InvalidParameterValueException', `this stub takes asynchronous invokes only (X-Amz-Invocation-Type: Event), not ${invocationType ?? 'RequestResponse'}`);
    response.writeHead(202, { 'x-amzn-requestid': `stub-${invocations.length}` }).end();
  });
  const endpoint = await listenOnLoopback(server);
  return {
    /** Where AWS_ENDPOINT_URL_LAMBDA points. */
    endpoint,
    invocations,
    refusals,
    stop: () => closeServer(server),
  };
}

const INVALID = Symbol('invalid');

function parsePayload(body: string): unknown {
  if (body === '') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return INVALID;
  }
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}


