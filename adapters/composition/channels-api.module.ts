import { ContainerModule } from 'inversify';
import { ConnectionRealtimeDelivery } from '../driven/apigateway/connection-realtime-delivery.ts';
import { createManagementApiClient } from './apigateway.module.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/**
 * Pusher frames to the channels API's sockets, and closing them, through that API's Management
 * endpoint at CHANNELS_MANAGEMENT_ENDPOINT (not MANAGEMENT_ENDPOINT: that is the other WebSocket API).
 */
export function channelsApiModule(config: RuntimeConfig, onRetry?: (attempt: number, error: unknown) => void): ContainerModule {
  return new ContainerModule(({ bind }) => {
    let delivery: ConnectionRealtimeDelivery | undefined;
    // One client for both ports, made on first use.
    const channelsApi = () => (delivery ??= new ConnectionRealtimeDelivery(createManagementApiClient(config, onRetry, 'channelsManagementEndpoint')));
    bind(SERVICE_IDS.RealtimeDelivery).toResolvedValue(channelsApi).inSingletonScope();
    bind(SERVICE_IDS.SocketCloser).toResolvedValue(channelsApi).inSingletonScope();
  });
}
