import dynalite from 'dynalite';
import { createSqsServer } from 'local-aws-sqs';
import { closeServer, listenOnLoopback } from '../../support/listen.ts';

/** Where the integration suites find DynamoDB and SQS, and what is behind them. */
export interface AwsBackend {
  readonly kind: 'localstack' | 'emulators';
  readonly description: string;
  readonly region: string;
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
}

export interface StartedAwsBackend extends AwsBackend {
  stop(): Promise<void>;
}

const REGION = 'us-east-1';
const RUNTIME_PROBE_TIMEOUT_MS = 10_000;

/**
 * LocalStack in a container where a container runtime answers (Testcontainers), otherwise the
 * Docker-free emulators that speak the same wire protocols: dynalite and local-aws-sqs.
 * PUSHGATE_INTEGRATION_BACKEND=emulators skips the probe.
 */
export async function startAwsBackend(): Promise<StartedAwsBackend> {
  if (process.env['PUSHGATE_INTEGRATION_BACKEND'] !== 'emulators') {
    const runtime = await probeContainerRuntime();
    if (runtime.available) return startLocalStack();
    return startEmulators(`no container runtime (${runtime.reason})`);
  }
  return startEmulators('PUSHGATE_INTEGRATION_BACKEND=emulators');
}

async function probeContainerRuntime(): Promise<{ available: true } | { available: false; reason: string }> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), RUNTIME_PROBE_TIMEOUT_MS).unref());
    await Promise.race([getContainerRuntimeClient(), timeout]);
    return { available: true };
  } catch (error) {
    return { available: false, reason: firstLine(error) };
  }
}

async function startLocalStack(): Promise<StartedAwsBackend> {
  const { LocalstackContainer } = await import('@testcontainers/localstack');
  let container = new LocalstackContainer(process.env['LOCALSTACK_IMAGE'] ?? 'localstack/localstack:4').withEnvironment({ SERVICES: 'dynamodb,sqs' });
  const authToken = process.env['LOCALSTACK_AUTH_TOKEN'];
  if (authToken !== undefined && authToken !== '') container = container.withEnvironment({ LOCALSTACK_AUTH_TOKEN: authToken });
  const started = await container.start();
  const endpoint = started.getConnectionUri();
  return {
    kind: 'localstack',
    description: `LocalStack in a container via Testcontainers at ${endpoint}`,
    region: REGION,
    dynamodbEndpoint: endpoint,
    sqsEndpoint: endpoint,
    stop: async () => {
      await started.stop();
    },
  };
}

async function startEmulators(why: string): Promise<StartedAwsBackend> {
  const dynamodbServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dynamodbEndpoint = await listenOnLoopback(dynamodbServer);
  const sqsServer = await createSqsServer({ port: 0, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
  await new Promise<void>((resolve) => (sqsServer.listening ? resolve() : sqsServer.once('listening', () => resolve())));
  const sqsAddress = sqsServer.address();
  const sqsEndpoint = `http://127.0.0.1:${typeof sqsAddress === 'object' && sqsAddress !== null ? sqsAddress.port : 0}`;
  return {
    kind: 'emulators',
    description: `${why}: Docker-free emulators, dynalite at ${dynamodbEndpoint} and local-aws-sqs at ${sqsEndpoint}`,
    region: REGION,
    dynamodbEndpoint,
    sqsEndpoint,
    stop: async () => {
      await Promise.all([closeServer(dynamodbServer), closeServer(sqsServer)]);
    },
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown';
}
