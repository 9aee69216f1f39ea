import { ContainerModule } from 'inversify';
import { ApiGatewayConnectionNotifier } from '../driven/apigateway/api-gateway-connection-notifier.ts';
import { requireAwsSetting, type RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/** Replies and notifications through the Management API at MANAGEMENT_ENDPOINT (custom domains work). */
export function apiGatewayModule(config: RuntimeConfig, onRetry?: (attempt: number, error: unknown) => void): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SERVICE_IDS.ConnectionNotifier)
      .toResolvedValue(
        () =>
          new ApiGatewayConnectionNotifier({
            endpoint: requireAwsSetting(config, 'managementEndpoint'),
            ...(config.aws.region === undefined ? {} : { region: config.aws.region }),
            ...(onRetry === undefined ? {} : { onRetry }),
          }),
      )
      .inSingletonScope();
  });
}
