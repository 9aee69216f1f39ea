import type { ContainerModule } from 'inversify';
import { servesOwnChannels } from '../../manifest/settings.ts';
import { channelsApiModule } from './channels-api.module.ts';
import { dynamoDbSubscriptionsModule } from './dynamodb.module.ts';
import { realtimeUseCasesModule } from './realtime.module.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { lazySqsChannelsModule } from './lazy-sqs.module.ts';

/** What a function on the stack's own channels needs: the subscription table, the channels API, the fan-out queue and webhook signals, and the use cases. */
export function channelsModules(config: RuntimeConfig): ContainerModule[] {
  return [dynamoDbSubscriptionsModule(config), channelsApiModule(config), lazySqsChannelsModule(config), realtimeUseCasesModule];
}

/**
 * The same for a function outside the channels API that reaches them (the bridge, revocation), on a
 * stack that has them. Import it dynamically, so a stack without its own channels loads none of it.
 */
export function ownChannelsModules(config: RuntimeConfig): ContainerModule[] {
  return servesOwnChannels(config.channels) ? channelsModules(config) : [];
}
