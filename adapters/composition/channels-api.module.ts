import { ContainerModule } from 'inversify';
import { ApiGatewayConnectionNotifier } from '../driven/apigateway/api-gateway-connection-notifier.ts';
import { ConnectionRealtimeDelivery } from '../driven/apigateway/connection-realtime-delivery.ts';
import { requireAwsSetting, type RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** Pusher frames to, and closing of, the channels API's sockets through its Management API (CHANNELS_MANAGEMENT_ENDPOINT). */
export function channelsApiModule(config: RuntimeConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    let delivery: ConnectionRealtimeDelivery | undefined;
    // One client for both ports, made on first use.
    const sockets = () =>
      (delivery ??= new ConnectionRealtimeDelivery(
        new ApiGatewayConnectionNotifier({ endpoint: requireAwsSetting(config, 'channelsManagementEndpoint'), ...(config.aws.region === undefined ? {} : { region: config.aws.region }) }),
      ));
    bind(SERVICE_IDS.RealtimeDelivery).toResolvedValue(sockets).inSingletonScope();
    bind(SERVICE_IDS.SocketCloser).toResolvedValue(sockets).inSingletonScope();
  });
}
