import * as pulumi from '@pulumi/pulumi';
import type { ConnectionMethod, Grant } from '../manifest/functions.ts';

/** One IAM statement; every one pushgate writes names its actions and resources exactly. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: pulumi.Input<string>[];
}

export function dynamoDbStatement(sid: string, actions: readonly string[], tableArn: pulumi.Input<string>, withIndexes = false): PolicyStatement {
  const resources: pulumi.Input<string>[] = [tableArn];
  if (withIndexes) resources.push(pulumi.interpolate`${tableArn}/index/*`);
  return { Sid: sid, Effect: 'Allow', Action: actions, Resource: resources };
}

/** Only POST (and DELETE where used) on this API's stage's @connections, nothing else. */
export function manageConnectionsStatement(executionArn: pulumi.Input<string>, stage: string, methods: readonly ConnectionMethod[]): PolicyStatement {
  return {
    Sid: 'ManageConnections',
    Effect: 'Allow',
    Action: ['execute-api:ManageConnections'],
    Resource: methods.map((method) => pulumi.interpolate`${executionArn}/${stage}/${method}/@connections/*`),
  };
}

export function sqsSendStatement(sid: string, queueArn: pulumi.Input<string>): PolicyStatement {
  return { Sid: sid, Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [queueArn] };
}

export function sqsConsumeStatement(queueArn: pulumi.Input<string>): PolicyStatement {
  return { Sid: 'ConsumeQueue', Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'], Resource: [queueArn] };
}

/** The statement for one declared grant, on the resource's ARN (for `connections`, the API's execution ARN). */
export function grantStatement(grant: Grant, arn: pulumi.Input<string>, stage: string): PolicyStatement {
  switch (grant.resource) {
    case 'connectionsTable':
      return dynamoDbStatement('Connections', grant.actions, arn, grant.indexes === true);
    case 'refreshTokensTable':
      return dynamoDbStatement('RefreshTokens', grant.actions, arn, grant.indexes === true);
    case 'connections':
      return manageConnectionsStatement(arn, stage, grant.methods);
    case 'notifyConnectionQueue':
      return sqsSendStatement('NotifyConnection', arn);
    case 'webhookEventsQueue':
      return sqsSendStatement('WebhookEvents', arn);
  }
}

export function readParametersStatement(parameterArns: pulumi.Input<string>[]): PolicyStatement {
  return { Sid: 'ReadSecrets', Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: parameterArns };
}

/** Decrypting with the stack's secrets key, and nothing else of KMS. */
export function decryptSecretsStatement(keyArn: pulumi.Input<string>): PolicyStatement {
  return { Sid: 'DecryptSecrets', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [keyArn] };
}

export function writeLogsStatement(logGroupArn: pulumi.Input<string>): PolicyStatement {
  return { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [pulumi.interpolate`${logGroupArn}:*`] };
}

export function policyDocument(statements: readonly PolicyStatement[]): pulumi.Output<string> {
  return pulumi.jsonStringify({ Version: '2012-10-17', Statement: statements });
}

export const LAMBDA_ASSUME_ROLE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
