import { expect } from 'vitest';
import { deployedFunctions, needsOf, settingsReadBy, type FunctionNeeds, type StackChoices } from '../../manifest/functions.ts';
import { parameterVariableOf, SETTINGS, type SecretName, type Setting } from '../../manifest/settings.ts';
import type { MockedResource } from '../support/pulumi-mocks.ts';

/** Set on every function by the component, not by a declaration. */
const FIXED_VARIABLES = ['POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME'];
const WRITE_LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
// What Lambda's SQS event source mapping needs of the role, and no ChangeMessageVisibility.
const CONSUME = ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'];

interface Statement {
  readonly Action: string[];
  readonly Resource: string[];
}

function expectedActions(needs: FunctionNeeds): string[] {
  const granted = needs.grants.flatMap((grant): readonly string[] => ('methods' in grant ? ['execute-api:ManageConnections'] : grant.actions));
  const secrets = needs.secrets.length > 0 ? ['ssm:GetParameters', 'kms:Decrypt'] : [];
  return [...new Set<string>([...WRITE_LOGS, ...granted, ...secrets, ...(needs.consumes === undefined ? [] : CONSUME)])].sort();
}

/**
 * Every deployed function has exactly the variables, secret parameters and IAM actions its
 * declaration in manifest/functions.ts gives it on a stack with these choices (every secret set).
 */
export function expectFunctionsFollowTheirDeclarations(resources: readonly MockedResource[], stack: string, choices: StackChoices): void {
  for (const name of deployedFunctions(choices)) {
    const needs = needsOf(name, choices);
    const fn = resources.find((resource) => resource.type === 'aws:lambda/function:Function' && resource.inputs['name'] === `pushgate-${stack}-${name}`);
    const policy = resources.find((resource) => resource.type === 'aws:iam/rolePolicy:RolePolicy' && resource.name === `${name}-policy`);
    expect(fn, name).toBeDefined();
    expect(policy, name).toBeDefined();

    const variables = Object.keys(fn!.inputs['environment'].variables as Record<string, string>).sort();
    // A setting with no default that the stack leaves unset (the webhook URL) reaches no function: its absence is what the function reads.
    const unsetOptional = (declaration: Setting) => declaration.kind === 'text' && declaration.default === undefined && declaration.required !== true && declaration.stack === true;
    const declared = settingsReadBy(needs).flatMap((setting) => {
      const declaration: Setting = SETTINGS[setting];
      if (declaration.kind === 'secret') return [parameterVariableOf(setting as SecretName)];
      return unsetOptional(declaration) && !variables.includes(declaration.env!) ? [] : [declaration.env!];
    });
    expect(variables, `${name}'s environment`).toEqual([...declared, ...FIXED_VARIABLES].sort());

    const statements = JSON.parse(policy!.inputs['policy']).Statement as Statement[];
    // One action may be granted on two resources (a Query on two tables): each action once.
    expect([...new Set(statements.flatMap((statement) => statement.Action))].sort(), `${name}'s actions`).toEqual(expectedActions(needs));
    const parameterArns = statements.filter((statement) => statement.Action.includes('ssm:GetParameters')).flatMap((statement) => statement.Resource).sort();
    expect(parameterArns, `${name}'s secret parameters`).toEqual(needs.secrets.map((secret) => `arn:aws:ssm:eu-west-1:123456789012:parameter/pushgate/${stack}/${SETTINGS[secret].parameter}`).sort());
  }
}
