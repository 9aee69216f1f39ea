import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface SecretParametersArgs {
  readonly pusherSecret: pulumi.Output<string>;
  readonly tokenSigningKeys: pulumi.Output<string>;
  readonly pusherEncryptionMasterKeyBase64?: pulumi.Output<string> | undefined;
}

/** The secrets as SSM SecureStrings: functions read them at cold start, never from their environment. */
export class SecretParameters extends pulumi.ComponentResource {
  readonly pusherSecret: aws.ssm.Parameter;
  readonly tokenSigningKeys: aws.ssm.Parameter;
  readonly pusherEncryptionMasterKey: aws.ssm.Parameter | undefined;

  constructor(name: string, args: SecretParametersArgs, opts?: pulumi.ComponentResourceOptions) {
    super('pushgate:security:SecretParameters', name, {}, opts);
    const parameter = (key: string, value: pulumi.Output<string>) =>
      new aws.ssm.Parameter(`${name}-${key}`, { name: `/pushgate/${pulumi.getStack()}/${key}`, type: 'SecureString', value: pulumi.secret(value) }, { parent: this });
    this.pusherSecret = parameter('pusher-secret', args.pusherSecret);
    this.tokenSigningKeys = parameter('token-signing-keys', args.tokenSigningKeys);
    this.pusherEncryptionMasterKey = args.pusherEncryptionMasterKeyBase64 === undefined ? undefined : parameter('pusher-encryption-master-key', args.pusherEncryptionMasterKeyBase64);
    this.registerOutputs({});
  }
}
