import type { ContainerModule } from 'inversify';
import { servesOwnChannels } from '../../manifest/settings.ts';
import { channelsApiModule } from './channels-api.module.ts';
import { dynamoDbSubscriptionsModule } from './dynamodb.module.ts';
import { realtimeUseCasesModule } from './realtime.module.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { sqsChannelFanOutModule, sqsWebhookSignalsModule } from './sqs.module.ts';

/**
 * What a function outside the channels API needs to reach the stack's own channels (the bridge,
 * revocation): the subscription table, the channels API, the fan-out queue and the use cases.
 * Import it dynamically, so a stack without its own channels loads none of it.
 */
export function ownChannelsModules(config: RuntimeConfig): ContainerModule[] {
  return servesOwnChannels(config.channels) ? [dynamoDbSubscriptionsModule(config), channelsApiModule(config), sqsChannelFanOutModule(config), sqsWebhookSignalsModule(config), realtimeUseCasesModule] : [];
}
