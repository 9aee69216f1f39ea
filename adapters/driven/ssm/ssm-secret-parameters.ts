import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';

/** The variables that hold secrets; each may instead name an SSM SecureString in `<NAME>_PARAMETER`. */
export const SECRET_VARIABLES = ['PUSHER_SECRET', 'PUSHER_ENCRYPTION_MASTER_KEY_BASE64', 'TOKEN_SIGNING_KEYS'] as const;

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Returns the environment with every `<NAME>_PARAMETER` resolved from SSM Parameter Store (one
 * GetParameters call, decrypted), so secrets never sit in a function's plaintext configuration.
 */
export async function resolveSecretParameters(env: Environment, client?: SSMClient): Promise<Record<string, string | undefined>> {
  const wanted = SECRET_VARIABLES.flatMap((name) => {
    const parameter = env[`${name}_PARAMETER`];
    return parameter === undefined || parameter === '' ? [] : [{ name, parameter }];
  });
  if (wanted.length === 0) return { ...env };
  const ssm = client ?? new SSMClient({});
  const { Parameters = [], InvalidParameters = [] } = await ssm.send(new GetParametersCommand({ Names: wanted.map((entry) => entry.parameter), WithDecryption: true }));
  if (InvalidParameters.length > 0) throw new Error(`SSM has no parameter named ${InvalidParameters.join(', ')}`);
  const values = new Map(Parameters.map((parameter) => [parameter.Name, parameter.Value]));
  const resolved: Record<string, string | undefined> = { ...env };
  for (const { name, parameter } of wanted) resolved[name] = values.get(parameter);
  return resolved;
}
