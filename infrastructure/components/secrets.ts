import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface SecretParametersArgs {
  readonly pusherSecret: pulumi.Output<string>;
  readonly tokenSigningKeys: pulumi.Output<string>;
  readonly pusherEncryptionMasterKeyBase64?: pulumi.Output<string> | undefined;
}

/**
 * The secrets as SSM SecureStrings under the stack's own KMS key: functions read them at cold start,
 * never from their environment. The AWS-managed aws/ssm key would let every principal in the account
 * decrypt them; with this key only the roles granted kms:Decrypt on it can.
 */
export class SecretParameters extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly pusherSecret: aws.ssm.Parameter;
  readonly tokenSigningKeys: aws.ssm.Parameter;
  readonly pusherEncryptionMasterKey: aws.ssm.Parameter | undefined;

  constructor(name: string, args: SecretParametersArgs, opts?: pulumi.ComponentResourceOptions) {
    super('pushgate:security:SecretParameters', name, {}, opts);
    this.key = new aws.kms.Key(`${name}-key`, { description: `pushgate ${pulumi.getStack()} secrets`, enableKeyRotation: true, deletionWindowInDays: 30 }, { parent: this });
    const parameter = (key: string, value: pulumi.Output<string>) =>
      new aws.ssm.Parameter(`${name}-${key}`, { name: `/pushgate/${pulumi.getStack()}/${key}`, type: 'SecureString', keyId: this.key.arn, value: pulumi.secret(value) }, { parent: this });
    this.pusherSecret = parameter('pusher-secret', args.pusherSecret);
    this.tokenSigningKeys = parameter('token-signing-keys', args.tokenSigningKeys);
    this.pusherEncryptionMasterKey = args.pusherEncryptionMasterKeyBase64 === undefined ? undefined : parameter('pusher-encryption-master-key', args.pusherEncryptionMasterKeyBase64);
    this.registerOutputs({});
  }
}
