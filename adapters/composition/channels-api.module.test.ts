import { describe, expect, it } from 'vitest';
import { TEST_ENVIRONMENT } from '../../test/support/test-environment.ts';
import { ConnectionRealtimeDelivery } from '../driven/apigateway/connection-realtime-delivery.ts';
import { channelsApiModule } from './channels-api.module.ts';
import { createContainer } from './container.ts';
import { dynamoDbSubscriptionsModule } from './dynamodb.module.ts';
import { realtimeUseCasesModule } from './realtime.module.ts';
import { parseRuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

const CHANNELS_API = { ...TEST_ENVIRONMENT, AWS_REGION: 'eu-west-1', SUBSCRIPTIONS_TABLE: 'subscriptions', CHANNELS_MANAGEMENT_ENDPOINT: 'https://channels.execute-api.eu-west-1.amazonaws.com/staging' };

describe("the channels API's transport", () => {
  it('delivers and closes through one ConnectionRealtimeDelivery', () => {
    const config = parseRuntimeConfig(CHANNELS_API);
    const container = createContainer(config, channelsApiModule(config));
    const delivery = container.get(SERVICE_IDS.RealtimeDelivery);
    expect(delivery).toBeInstanceOf(ConnectionRealtimeDelivery);
    expect(container.get(SERVICE_IDS.SocketCloser)).toBe(delivery);
  });

  it('needs CHANNELS_MANAGEMENT_ENDPOINT, not the WebSocket API\'s MANAGEMENT_ENDPOINT, and says so', () => {
    const { CHANNELS_MANAGEMENT_ENDPOINT: _endpoint, ...without } = { ...CHANNELS_API, MANAGEMENT_ENDPOINT: 'https://ws.execute-api.eu-west-1.amazonaws.com/staging' };
    const config = parseRuntimeConfig(without);
    expect(() => createContainer(config, channelsApiModule(config)).get(SERVICE_IDS.RealtimeDelivery)).toThrow('CHANNELS_MANAGEMENT_ENDPOINT is required by this function');
  });

  it("composes http-pusher-api's use cases from its three modules, as its entrypoint does", () => {
    const config = parseRuntimeConfig(CHANNELS_API);
    const container = createContainer(config, dynamoDbSubscriptionsModule(config), channelsApiModule(config), realtimeUseCasesModule);
    expect(container.get(SERVICE_IDS.PublishEvent)).toBeDefined();
    expect(container.get(SERVICE_IDS.SubscriptionRegistry)).toBeDefined();
    expect(container.get(SERVICE_IDS.TerminateUserSockets)).toBeDefined();
  });
});
