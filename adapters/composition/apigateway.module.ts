import { ContainerModule } from 'inversify';
import { ApiGatewayConnectionNotifier } from '../driven/apigateway/api-gateway-connection-notifier.ts';
import { awsRegionOf, requireAwsSetting, type RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** Replies, notifications and closing connections through the Management API at MANAGEMENT_ENDPOINT (custom domains work). */
export function apiGatewayModule(config: RuntimeConfig, onRetry?: (attempt: number, error: unknown) => void): ContainerModule {
  return new ContainerModule(({ bind }) => {
    let client: ApiGatewayConnectionNotifier | undefined;
    // One client for both ports, made on first use.
    const managementApi = () => (client ??= createManagementApiClient(config, onRetry));
    bind(SERVICE_IDS.ConnectionNotifier).toResolvedValue(managementApi).inSingletonScope();
    bind(SERVICE_IDS.ConnectionTerminator).toResolvedValue(managementApi).inSingletonScope();
  });
}

/** The Management API adapter at MANAGEMENT_ENDPOINT, or at another WebSocket API's endpoint (the channels API's). */
export function createManagementApiClient(
  config: RuntimeConfig,
  onRetry?: (attempt: number, error: unknown) => void,
  endpoint: 'managementEndpoint' | 'channelsManagementEndpoint' = 'managementEndpoint',
): ApiGatewayConnectionNotifier {
  return new ApiGatewayConnectionNotifier({
    endpoint: requireAwsSetting(config, endpoint),
    ...awsRegionOf(config),
    ...(onRetry === undefined ? {} : { onRetry }),
  });
}
