import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/**
 * API Gateway writes WebSocket access logs only once the account names a CloudWatch role
 * (otherwise the stage fails with "CloudWatch Logs role ARN must be set in account settings").
 * This is an account-wide, per-region setting: let one stack per account and region manage it.
 */
export class ApiGatewayLoggingRole extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;

  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('pushgate:observability:ApiGatewayLoggingRole', name, {}, opts);
    const region = aws.getRegionOutput({}, { parent: this }).name;
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    this.role = new aws.iam.Role(
      `${name}-role`,
      { assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) },
      { parent: this },
    );
    // What the AWS-managed AmazonAPIGatewayPushToCloudWatchLogs grants, limited to this account and region.
    new aws.iam.RolePolicy(
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
      { parent: this },
    );
    new aws.apigateway.Account(`${name}-account`, { cloudwatchRoleArn: this.role.arn }, { parent: this });
    this.registerOutputs({ roleArn: this.role.arn });
  }
}
