import { resolveSecretParameters } from '../driven/ssm/ssm-secret-parameters.ts';
import { parseRuntimeConfig, type RuntimeConfig } from './runtime-config.ts';

/** Reads the configuration once per cold start, secrets from SSM included. */
export async function loadLambdaConfig(env: Readonly<Record<string, string | undefined>> = process.env): Promise<RuntimeConfig> {
  return parseRuntimeConfig(await resolveSecretParameters(env));
}
