import { ContainerModule } from 'inversify';
import { createDocumentClient } from '../driven/dynamodb/document-client.ts';
import { DynamoDbConnectionRegistry } from '../driven/dynamodb/dynamodb-connection-registry.ts';
import { DynamoDbRefreshTokenStore } from '../driven/dynamodb/dynamodb-refresh-token-store.ts';
import { DynamoDbReplayGuard } from '../driven/dynamodb/dynamodb-replay-guard.ts';
import { DynamoDbSubscriptionRegistry } from '../driven/dynamodb/dynamodb-subscription-registry.ts';
import { DynamoDbWebhookAnnouncements } from '../driven/dynamodb/dynamodb-webhook-announcements.ts';
import { awsRegionOf, requireAwsSetting, type RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** The registry and the refresh tokens in DynamoDB; each table is required only if its port is used. */
export function dynamoDbModule(config: RuntimeConfig, clientConfig: Parameters<typeof createDocumentClient>[0] = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    const client = createDocumentClient({ ...awsRegionOf(config), ...clientConfig });
    bind(SERVICE_IDS.ConnectionRegistry).toResolvedValue(() => new DynamoDbConnectionRegistry(client, requireAwsSetting(config, 'connectionsTable'))).inSingletonScope();
    bind(SERVICE_IDS.RefreshTokenStore).toResolvedValue(() => new DynamoDbRefreshTokenStore(client, requireAwsSetting(config, 'refreshTokensTable'))).inSingletonScope();
  });
}

/** Received webhooks, deduplicated in their own table (the webhook function's only DynamoDB use). */
export function dynamoDbWebhookModule(config: RuntimeConfig, clientConfig: Parameters<typeof createDocumentClient>[0] = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    const client = createDocumentClient({ ...awsRegionOf(config), ...clientConfig });
    bind(SERVICE_IDS.ReplayGuard).toResolvedValue(() => new DynamoDbReplayGuard(client, requireAwsSetting(config, 'webhookReplaysTable'))).inSingletonScope();
  });
}

/** Channel subscriptions and presence, for the channels functions (a module of its own: local mode keeps them in memory beside a dynalite registry). */
export function dynamoDbSubscriptionsModule(config: RuntimeConfig, clientConfig: Parameters<typeof createDocumentClient>[0] = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    const client = createDocumentClient({ ...awsRegionOf(config), ...clientConfig });
    bind(SERVICE_IDS.SubscriptionRegistry)
      .toResolvedValue((clock) => new DynamoDbSubscriptionRegistry(client, requireAwsSetting(config, 'subscriptionsTable'), { clock }), [SERVICE_IDS.Clock])
      .inSingletonScope();
    // What the app was last told by webhooks: items in the same table, read and written by the webhook worker.
    bind(SERVICE_IDS.WebhookAnnouncements)
      .toResolvedValue((clock) => new DynamoDbWebhookAnnouncements(client, requireAwsSetting(config, 'subscriptionsTable'), clock), [SERVICE_IDS.Clock])
      .inSingletonScope();
  });
}

export { connectionTableDefinition, refreshTokenTableDefinition, subscriptionTableDefinition } from '../driven/dynamodb/table-definitions.ts';
