import * as pulumi from '@pulumi/pulumi';
import type { ConnectionMethod, DynamoDbAction, Grant } from '../manifest/functions.ts';
import { CONNECTION_TABLE } from '../manifest/tables.ts';

/** One IAM statement; every one pushgate writes names its actions and resources exactly. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: pulumi.Input<string>[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, pulumi.Input<string> | pulumi.Input<string>[]>>>>;
}

/**
 * Item actions on the table alone, `Query` on the named index alone (a query of an index is
 * authorized on the index's ARN): a function that only deletes can never read a user's connections.
 */
/** `queried`: the index a Query reads, or `table` for a table queried by its own key (partition reads, as the subscription table's). */
export function dynamoDbStatements(sid: string, actions: readonly DynamoDbAction[], tableArn: pulumi.Input<string>, queried?: string | { readonly table: true }): PolicyStatement[] {
  if (typeof queried === 'object') return [{ Sid: sid, Effect: 'Allow', Action: actions, Resource: [tableArn] }];
  const queriedIndex = queried;
  const itemActions = actions.filter((action) => action !== 'dynamodb:Query');
  const statements: PolicyStatement[] = [];
  if (itemActions.length > 0) statements.push({ Sid: sid, Effect: 'Allow', Action: itemActions, Resource: [tableArn] });
  if (actions.includes('dynamodb:Query')) {
    if (queriedIndex === undefined) throw new Error(`${sid}: dynamodb:Query is granted on an index, and this table has none to query`);
    statements.push({ Sid: `${sid}Query`, Effect: 'Allow', Action: ['dynamodb:Query'], Resource: [pulumi.interpolate`${tableArn}/index/${queriedIndex}`] });
  }
  return statements;
}

/** Only POST (and DELETE where used) on this API's stage's @connections, nothing else. */
export function manageConnectionsStatement(executionArn: pulumi.Input<string>, stage: string, methods: readonly ConnectionMethod[], sid = 'ManageConnections'): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Action: ['execute-api:ManageConnections'],
    Resource: methods.map((method) => pulumi.interpolate`${executionArn}/${stage}/${method}/@connections/*`),
  };
}

export function sqsSendStatement(sid: string, queueArn: pulumi.Input<string>): PolicyStatement {
  return { Sid: sid, Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [queueArn] };
}

/**
 * What Lambda's event source mapping needs of the function's role to poll a queue, and no more
 * (SQS Developer Guide, "Configuring an Amazon SQS queue to trigger an AWS Lambda function":
 * ReceiveMessage, DeleteMessage, GetQueueAttributes). The queues use SQS-managed keys: no KMS grant.
 */
export const SQS_CONSUME_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'] as const;

export function sqsConsumeStatement(queueArn: pulumi.Input<string>): PolicyStatement {
  return { Sid: 'ConsumeQueue', Effect: 'Allow', Action: SQS_CONSUME_ACTIONS, Resource: [queueArn] };
}

/** The statements for one declared grant, on the resource's ARN (for `connections`, the API's execution ARN). */
export function grantStatements(grant: Grant, arn: pulumi.Input<string>, stage: string): PolicyStatement[] {
  switch (grant.resource) {
    case 'connectionsTable':
      return dynamoDbStatements('Connections', grant.actions, arn, CONNECTION_TABLE.userIndex.name);
    case 'refreshTokensTable':
      return dynamoDbStatements('RefreshTokens', grant.actions, arn);
    case 'webhookReplaysTable':
      return dynamoDbStatements('WebhookReplays', grant.actions, arn);
    case 'subscriptionsTable':
      return dynamoDbStatements('Subscriptions', grant.actions, arn, { table: true });
    case 'connections':
      return [manageConnectionsStatement(arn, stage, grant.methods)];
    case 'channelConnections':
      return [manageConnectionsStatement(arn, stage, grant.methods, 'ManageChannelConnections')];
    case 'handshakeFunction':
      return [{ Sid: 'InvokeHandshake', Effect: 'Allow', Action: grant.actions, Resource: [arn] }];
    case 'notifyConnectionQueue':
      return [sqsSendStatement('NotifyConnection', arn)];
    case 'webhookEventsQueue':
      return [sqsSendStatement('WebhookEvents', arn)];
    case 'channelFanOutQueue':
      return [sqsSendStatement('ChannelFanOut', arn)];
    case 'appWebhooksQueue':
      return [sqsSendStatement('AppWebhooks', arn)];
  }
}

export function readParametersStatement(parameterArns: pulumi.Input<string>[]): PolicyStatement {
  return { Sid: 'ReadSecrets', Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: parameterArns };
}

/**
 * Decrypting with the stack's secrets key, and only for SSM reading this function's own parameters:
 * Parameter Store puts each parameter's ARN in the encryption context (`PARAMETER_ARN`), so the
 * grant cannot decrypt another function's secret, nor anything outside Parameter Store.
 */
export function decryptSecretsStatement(keyArn: pulumi.Input<string>, parameterArns: pulumi.Input<string>[], region: pulumi.Input<string>): PolicyStatement {
  return {
    Sid: 'DecryptSecrets',
    Effect: 'Allow',
    Action: ['kms:Decrypt'],
    Resource: [keyArn],
    Condition: {
      StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': parameterArns, 'kms:ViaService': pulumi.interpolate`ssm.${region}.amazonaws.com` },
    },
  };
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
