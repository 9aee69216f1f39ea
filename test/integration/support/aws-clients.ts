import { CreateTableCommand, DynamoDBClient, waitUntilTableExists, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDocumentClient } from '../../../adapters/driven/dynamodb/document-client.ts';
import { connectionTableDefinition, refreshTokenTableDefinition, subscriptionTableDefinition, webhookReplayTableDefinition } from '../../../adapters/driven/dynamodb/table-definitions.ts';

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

/** The tables as the adapters expect them, under fresh names. */
export async function createConnectionTable(client: DynamoDBClient): Promise<string> {
  return createTable(client, connectionTableDefinition(uniqueName('connections')));
}

export async function createRefreshTokenTable(client: DynamoDBClient): Promise<string> {
  return createTable(client, refreshTokenTableDefinition(uniqueName('refresh-tokens')));
}

export async function createWebhookReplayTable(client: DynamoDBClient): Promise<string> {
  return createTable(client, webhookReplayTableDefinition(uniqueName('webhook-replays')));
}

export async function createSubscriptionTable(client: DynamoDBClient): Promise<string> {
  return createTable(client, subscriptionTableDefinition(uniqueName('subscriptions')));
}

async function createTable(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<string> {
  await client.send(new CreateTableCommand(definition));
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: definition.TableName });
  return definition.TableName!;
}

export async function createQueue(client: SQSClient): Promise<string> {
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: uniqueName('notify-connection') }));
  if (QueueUrl === undefined) throw new Error('CreateQueue returned no URL');
  return QueueUrl;
}
