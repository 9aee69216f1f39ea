import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { SECRET_NAMES, SETTINGS, type SecretName } from '../../manifest/settings.ts';

export interface SecretParametersArgs {
  /** The stack's secrets by name; an optional one left unset gets no parameter. */
  readonly values: Readonly<Partial<Record<SecretName, pulumi.Output<string>>>>;
}

/**
 * The secrets as SSM SecureStrings under the stack's own KMS key: functions read them at cold start,
 * never from their environment. The AWS-managed aws/ssm key would let every principal in the account
 * decrypt them; with this key only the roles granted kms:Decrypt on it can.
 */
export class SecretParameters extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly parameters: Readonly<Partial<Record<SecretName, aws.ssm.Parameter>>>;

  constructor(name: string, args: SecretParametersArgs, opts?: pulumi.ComponentResourceOptions) {
    super('pushgate:security:SecretParameters', name, {}, opts);
    this.key = new aws.kms.Key(`${name}-key`, { description: `pushgate ${pulumi.getStack()} secrets`, enableKeyRotation: true, deletionWindowInDays: 30 }, { parent: this });
    const parameters: Partial<Record<SecretName, aws.ssm.Parameter>> = {};
    for (const secret of SECRET_NAMES) {
      const value = args.values[secret];
      if (value === undefined) continue;
      const slug = SETTINGS[secret].parameter;
      parameters[secret] = new aws.ssm.Parameter(
        `${name}-${slug}`,
        { name: `/pushgate/${pulumi.getStack()}/${slug}`, type: 'SecureString', keyId: this.key.arn, value: pulumi.secret(value) },
        { parent: this },
      );
    }
    this.parameters = parameters;
    this.registerOutputs({});
  }
}
