import { ContainerModule } from 'inversify';
import { ApiGatewayConnectionNotifier } from '../driven/apigateway/api-gateway-connection-notifier.ts';
import { ConnectionRealtimeDelivery } from '../driven/apigateway/connection-realtime-delivery.ts';
import { ConfigurationError, type RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/**
 * Pusher frames to the channels WebSocket API's connections, through that API's own `@connections`
 * endpoint. A stand-in written by the channel fan-out work until the channels-API work lands its own
 * module of this name, with the CHANNELS_MANAGEMENT_ENDPOINT setting: until then no configuration
 * carries the endpoint, so resolving these ports fails, naming the variable (never the other API's).
 */
export function channelsApiModule(config: RuntimeConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    let delivery: ConnectionRealtimeDelivery | undefined;
    // One client for both ports, made on first use.
    const channelsApi = () =>
      (delivery ??= new ConnectionRealtimeDelivery(
        new ApiGatewayConnectionNotifier({ endpoint: channelsManagementEndpoint(config), ...(config.aws.region === undefined ? {} : { region: config.aws.region }) }),
      ));
    bind(SERVICE_IDS.RealtimeDelivery).toResolvedValue(channelsApi).inSingletonScope();
    bind(SERVICE_IDS.SocketCloser).toResolvedValue(channelsApi).inSingletonScope();
  });
}

function channelsManagementEndpoint(config: RuntimeConfig): string {
  const endpoint = (config.aws as Readonly<Record<string, string | undefined>>)['channelsManagementEndpoint'];
  if (endpoint === undefined) throw new ConfigurationError('invalid configuration: CHANNELS_MANAGEMENT_ENDPOINT is required by this function');
  return endpoint;
}
