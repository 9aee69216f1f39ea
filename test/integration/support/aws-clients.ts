import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDocumentClient } from '../../../adapters/driven/dynamodb/document-client.ts';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** The backend this run uses, named in every suite title so the output shows what was tested against. */
export function backend() {
  return inject('awsBackend');
}

export function backendLabel(): string {
  const { kind } = backend();
  return kind === 'localstack' ? 'LocalStack' : 'dynalite + local-aws-sqs (Docker-free)';
}

export function dynamoDbClients() {
  const { dynamodbEndpoint, region } = backend();
  const config = { endpoint: dynamodbEndpoint, region, credentials };
  return { raw: new DynamoDBClient(config), document: createDocumentClient(config) };
}

export function sqsClient(): SQSClient {
  const { sqsEndpoint, region } = backend();
  return new SQSClient({ endpoint: sqsEndpoint, region, credentials });
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** The connection table as the Pulumi component declares it: PK connectionId, sparse GSI on userId. */
export async function createConnectionTable(client: DynamoDBClient): Promise<string> {
  const tableName = uniqueName('connections');
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'connectionId', AttributeType: 'S' },
        { AttributeName: 'userId', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'userId-index',
          KeySchema: [
            { AttributeName: 'userId', KeyType: 'HASH' },
            { AttributeName: 'connectionId', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  await tableActive(client, tableName);
  return tableName;
}

async function tableActive(client: DynamoDBClient, tableName: string): Promise<void> {
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
}

export async function createRefreshTokenTable(client: DynamoDBClient): Promise<string> {
  const tableName = uniqueName('refresh-tokens');
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  await tableActive(client, tableName);
  return tableName;
}

export async function createQueue(client: SQSClient): Promise<string> {
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: uniqueName('notify-connection') }));
  if (QueueUrl === undefined) throw new Error('CreateQueue returned no URL');
  return QueueUrl;
}
