import { AwsClient } from 'aws4fetch';
import { setTimeout as sleep } from 'node:timers/promises';
import { parameterVariableOf, SECRET_NAMES, SETTINGS } from '../../../manifest/settings.ts';

/** The variables that hold secrets (from the settings schema); each may instead name an SSM SecureString. */
const SECRETS = SECRET_NAMES.map((name) => ({ name: SETTINGS[name].env, parameterVariable: parameterVariableOf(name) }));

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * How a cold start rides out Parameter Store's throttling (a deploy or a reconnect storm starts many
 * functions at once against its shared, low default rate): jittered exponential back-off, every try
 * and every wait inside a budget that leaves room in Lambda's 10 s init phase for the rest of it.
 */
export interface ColdStartRetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Total time for every try and wait; a try never runs past it. */
  readonly budgetMs: number;
  /** One try's limit, so a hung connection cannot spend the whole budget. */
  readonly attemptTimeoutMs: number;
  /** Injected in tests. */
  readonly random?: () => number;
}

export const COLD_START_RETRY_POLICY: ColdStartRetryPolicy = { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 2_000, budgetMs: 7_000, attemptTimeoutMs: 3_000 };

/** SSM's JSON protocol names a throttled call in `__type` (or the header), on an HTTP 400. */
const THROTTLING = /ThrottlingException|TooManyRequestsException/;

interface SsmAnswer {
  readonly Parameters?: { Name: string; Value: string }[];
  readonly InvalidParameters?: string[];
  readonly __type?: string;
  readonly message?: string;
}

class SsmCallFailed extends Error {
  override readonly name = 'SsmCallFailed';
  readonly retryable: boolean;

  constructor(message: string, retryable: boolean) {
    super(message);
    this.retryable = retryable;
  }
}

/** Reads decrypted SecureString values by name. */
export interface SecretParameterReader {
  read(names: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

/**
 * SSM GetParameters over a SigV4-signed fetch (aws4fetch, 5 KB). The SSM SDK client adds about
 * 120 ms of module loading to a cold start (bench/cold-start); this call needs none of it.
 * Credentials and region come from the Lambda environment; AWS_ENDPOINT_URL_SSM overrides the endpoint.
 */
export class SignedFetchSsmParameterReader implements SecretParameterReader {
  private readonly env: Environment;
  private readonly retry: ColdStartRetryPolicy;

  constructor(env: Environment, retry: ColdStartRetryPolicy = COLD_START_RETRY_POLICY) {
    this.env = env;
    this.retry = retry;
  }

  async read(names: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const region = this.env['AWS_REGION'] ?? this.env['AWS_DEFAULT_REGION'];
    const accessKeyId = this.env['AWS_ACCESS_KEY_ID'];
    const secretAccessKey = this.env['AWS_SECRET_ACCESS_KEY'];
    if (region === undefined || accessKeyId === undefined || secretAccessKey === undefined) {
      throw new Error('reading secrets from SSM needs AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (Lambda sets them)');
    }
    const sessionToken = this.env['AWS_SESSION_TOKEN'];
    // Retries are ours (aws4fetch's cover neither a 400 throttle nor a network error); each try is signed afresh.
    const client = new AwsClient({ accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }), service: 'ssm', region, retries: 0 });
    const endpoint = this.env['AWS_ENDPOINT_URL_SSM'] ?? `https://ssm.${region}.amazonaws.com/`;
    const body = await this.withColdStartRetries(async (signal) => {
      const response = await client.fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameters' },
        body: JSON.stringify({ Names: names, WithDecryption: true }),
        signal,
      });
      const answer = (await response.json().catch(() => ({}))) as SsmAnswer;
      if (response.ok) return answer;
      const type = answer.__type ?? response.headers.get('x-amzn-errortype') ?? '';
      const retryable = response.status >= 500 || response.status === 429 || THROTTLING.test(type);
      throw new SsmCallFailed(`SSM GetParameters answered ${response.status} ${type} ${answer.message ?? ''}`.trim(), retryable);
    });
    if ((body.InvalidParameters ?? []).length > 0) throw new Error(`SSM has no parameter named ${body.InvalidParameters!.join(', ')}`);
    return new Map((body.Parameters ?? []).map((parameter) => [parameter.Name, parameter.Value]));
  }

  /** Throttling, server errors, timeouts and network faults are retried; SSM's other answers are final. */
  private async withColdStartRetries<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const { maxAttempts, baseDelayMs, maxDelayMs, budgetMs, attemptTimeoutMs } = this.retry;
    const random = this.retry.random ?? Math.random;
    const deadline = performance.now() + budgetMs;
    // A final try cut short by the budget says only "timeout"; what SSM said before is the reason to report.
    let lastAnswer: string | undefined;
    for (let attempt = 1; ; attempt += 1) {
      const remaining = deadline - performance.now();
      try {
        return await call(AbortSignal.timeout(Math.max(1, Math.floor(Math.min(attemptTimeoutMs, remaining)))));
      } catch (error) {
        const retryable = error instanceof SsmCallFailed ? error.retryable : isNetworkFault(error);
        if (error instanceof SsmCallFailed) lastAnswer = error.message;
        const delay = random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        const outOfTime = performance.now() + delay >= deadline;
        if (!retryable || attempt >= maxAttempts || outOfTime) {
          const why = error instanceof Error ? `${error.name === 'SsmCallFailed' ? '' : `${error.name}: `}${error.message}` : String(error);
          const earlier = error instanceof SsmCallFailed || lastAnswer === undefined ? '' : ` (before that, ${lastAnswer})`;
          throw new Error(retryable ? `SSM GetParameters failed after ${attempt} tries in ${budgetMs} ms at most: ${why}${earlier}` : why, { cause: error });
        }
        await sleep(delay);
      }
    }
  }
}

/** No answer at all: fetch's own network failure (a TypeError with its cause), or a try that timed out. */
function isNetworkFault(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'TimeoutError' || error.name === 'AbortError' || (error instanceof TypeError && error.cause !== undefined);
}

/**
 * Returns the environment with every `<NAME>_PARAMETER` resolved from SSM Parameter Store (one
 * GetParameters call, decrypted), so secrets never sit in a function's plaintext configuration.
 */
export async function resolveSecretParameters(env: Environment, reader: SecretParameterReader = new SignedFetchSsmParameterReader(env)): Promise<Record<string, string | undefined>> {
  const wanted = SECRETS.flatMap(({ name, parameterVariable }) => {
    const parameter = env[parameterVariable];
    return parameter === undefined || parameter === '' ? [] : [{ name, parameter }];
  });
  if (wanted.length === 0) return { ...env };
  const values = await reader.read(wanted.map((entry) => entry.parameter));
  const resolved: Record<string, string | undefined> = { ...env };
  for (const { name, parameter } of wanted) resolved[name] = values.get(parameter);
  return resolved;
}
