import { AwsClient } from 'aws4fetch';

/** The variables that hold secrets; each may instead name an SSM SecureString in `<NAME>_PARAMETER`. */
export const SECRET_VARIABLES = ['PUSHER_SECRET', 'PUSHER_ENCRYPTION_MASTER_KEY_BASE64', 'TOKEN_SIGNING_KEYS'] as const;

type Environment = Readonly<Record<string, string | undefined>>;

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

  constructor(env: Environment) {
    this.env = env;
  }

  async read(names: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const region = this.env['AWS_REGION'] ?? this.env['AWS_DEFAULT_REGION'];
    const accessKeyId = this.env['AWS_ACCESS_KEY_ID'];
    const secretAccessKey = this.env['AWS_SECRET_ACCESS_KEY'];
    if (region === undefined || accessKeyId === undefined || secretAccessKey === undefined) {
      throw new Error('reading secrets from SSM needs AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (Lambda sets them)');
    }
    const sessionToken = this.env['AWS_SESSION_TOKEN'];
    const client = new AwsClient({ accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }), service: 'ssm', region, retries: 3 });
    const endpoint = this.env['AWS_ENDPOINT_URL_SSM'] ?? `https://ssm.${region}.amazonaws.com/`;
    const response = await client.fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameters' },
      body: JSON.stringify({ Names: names, WithDecryption: true }),
    });
    const body = (await response.json().catch(() => ({}))) as { Parameters?: { Name: string; Value: string }[]; InvalidParameters?: string[]; __type?: string; message?: string };
    if (!response.ok) throw new Error(`SSM GetParameters answered ${response.status} ${body.__type ?? ''} ${body.message ?? ''}`.trim());
    if ((body.InvalidParameters ?? []).length > 0) throw new Error(`SSM has no parameter named ${body.InvalidParameters!.join(', ')}`);
    return new Map((body.Parameters ?? []).map((parameter) => [parameter.Name, parameter.Value]));
  }
}

/**
 * Returns the environment with every `<NAME>_PARAMETER` resolved from SSM Parameter Store (one
 * GetParameters call, decrypted), so secrets never sit in a function's plaintext configuration.
 */
export async function resolveSecretParameters(env: Environment, reader: SecretParameterReader = new SignedFetchSsmParameterReader(env)): Promise<Record<string, string | undefined>> {
  const wanted = SECRET_VARIABLES.flatMap((name) => {
    const parameter = env[`${name}_PARAMETER`];
    return parameter === undefined || parameter === '' ? [] : [{ name, parameter }];
  });
  if (wanted.length === 0) return { ...env };
  const values = await reader.read(wanted.map((entry) => entry.parameter));
  const resolved: Record<string, string | undefined> = { ...env };
  for (const { name, parameter } of wanted) resolved[name] = values.get(parameter);
  return resolved;
}
