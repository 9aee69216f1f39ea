import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/**
 * API Gateway writes WebSocket access logs only once the account names a CloudWatch role
 * (otherwise the stage fails with "CloudWatch Logs role ARN must be set in account settings").
 * This is an account-wide, per-region setting: let one stack per account and region manage it.
 * Everything here outlives the stack (`retainOnDelete`), so destroying the stack that created it
 * never strands another stack's access logs.
 */
export class ApiGatewayLoggingRole extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly policy: aws.iam.RolePolicy;

  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('pushgate:observability:ApiGatewayLoggingRole', name, {}, opts);
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    this.role = new aws.iam.Role(
      `${name}-role`,
      { assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) },
      { parent: this, retainOnDelete: true },
    );
    // What the AWS-managed AmazonAPIGatewayPushToCloudWatchLogs grants, limited to this account and region.
    this.policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: this.role.id,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'PushApiGatewayLogs',
              Effect: 'Allow',
              Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:FilterLogEvents'],
              Resource: [pulumi.interpolate`arn:aws:logs:${region}:${account}:log-group:*`],
            },
          ],
        }),
      },
      { parent: this, retainOnDelete: true },
    );
    // API Gateway checks the role can write logs when the setting is made: the policy must be there first.
    new aws.apigateway.Account(`${name}-account`, { cloudwatchRoleArn: this.role.arn }, { parent: this, retainOnDelete: true, dependsOn: [this.policy] });
    this.registerOutputs({ roleArn: this.role.arn });
  }
}
