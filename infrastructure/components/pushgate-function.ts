import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { deployedFunctionName } from '../../manifest/functions.ts';
import type { ValueOf } from '../../manifest/settings.ts';
import type { BuiltBundle, LambdaEntrypoint } from '../lambda-bundles.ts';
import { LAMBDA_ASSUME_ROLE_POLICY, policyDocument, writeLogsStatement, type PolicyStatement } from '../policies.ts';

export interface PushgateFunctionArgs {
  readonly entrypoint: LambdaEntrypoint;
  readonly bundle: Promise<BuiltBundle>;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly logRetentionDays: number;
  /** The stack's `logLevel`; Powertools filters by it, Lambda by `lambdaApplicationLogLevel` of it. */
  readonly logLevel: ValueOf<'logLevel'>;
  readonly environment: Record<string, pulumi.Input<string>>;
  /** Exactly what this function may do, besides writing its own logs. */
  readonly statements: PolicyStatement[];
}

/**
 * With JSON logs Lambda drops application lines below its `applicationLogLevel` (INFO unless set):
 * follow the stack's level down to DEBUG, but never above INFO, where the metrics (EMF lines, written
 * at INFO) would be dropped too.
 */
export function lambdaApplicationLogLevel(logLevel: ValueOf<'logLevel'>): 'DEBUG' | 'INFO' {
  return logLevel === 'DEBUG' ? 'DEBUG' : 'INFO';
}

/** One Lambda function: its bundle, its own role with only its own permissions, and its log group. */
export class PushgateFunction extends pulumi.ComponentResource {
  readonly function: aws.lambda.Function;
  readonly role: aws.iam.Role;
  readonly logGroup: aws.cloudwatch.LogGroup;

  constructor(name: string, args: PushgateFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('pushgate:compute:Function', name, {}, opts);
    const functionName = deployedFunctionName(pulumi.getStack(), args.entrypoint);
    this.logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { name: `/aws/lambda/${functionName}`, retentionInDays: args.logRetentionDays }, { parent: this });
    this.role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: LAMBDA_ASSUME_ROLE_POLICY }, { parent: this });
    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      { role: this.role.id, policy: policyDocument([writeLogsStatement(this.logGroup.arn), ...args.statements]) },
      { parent: this },
    );
    this.function = new aws.lambda.Function(
      name,
      {
        name: functionName,
        runtime: 'nodejs24.x',
        architectures: ['arm64'],
        handler: 'index.handler',
        code: pulumi.output(args.bundle).apply((bundle) => new pulumi.asset.FileArchive(bundle.directory)),
        role: this.role.arn,
        memorySize: args.memoryMb,
        timeout: args.timeoutSeconds,
        loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name, applicationLogLevel: lambdaApplicationLogLevel(args.logLevel) },
        // No --enable-source-maps: it reads every map at load; the bundles map their own stack traces when one is formatted.
        environment: { variables: { POWERTOOLS_SERVICE_NAME: args.entrypoint, ...args.environment } },
      },
      { parent: this, dependsOn: [policy, this.logGroup] },
    );
    this.registerOutputs({ functionArn: this.function.arn });
  }
}
