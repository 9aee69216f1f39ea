import { ContainerModule } from 'inversify';
import { ConnectionRealtimeDelivery } from '../driven/apigateway/connection-realtime-delivery.ts';
import { SignedFetchConnectionNotifier } from '../driven/apigateway/signed-fetch-connection-notifier.ts';
import { ConfigurationError, requireAwsSetting, type RuntimeConfig } from './runtime-config.ts';
import { SERVICE_IDS } from './service-ids.ts';

/**
 * The channels API's sockets (CHANNELS_MANAGEMENT_ENDPOINT), reached over a signed fetch with the
 * credentials Lambda sets in `env`: for channels-handshake, whose cold start pusher-js waits on. The
 * other channels functions use channels-api.module.ts (the SDK client), whose start they can afford.
 */
export function signedFetchChannelsApiModule(config: RuntimeConfig, env: Readonly<Record<string, string | undefined>>): ContainerModule {
  return new ContainerModule(({ bind }) => {
    let delivery: ConnectionRealtimeDelivery | undefined;
    const connect = () => {
      const endpoint = requireAwsSetting(config, 'channelsManagementEndpoint');
      const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
      if (config.aws.region === undefined || accessKeyId === undefined || secretAccessKey === undefined) {
        throw new ConfigurationError('invalid configuration: the channels API is reached with AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (Lambda sets them)');
      }
      const credentials = { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
      return new ConnectionRealtimeDelivery(new SignedFetchConnectionNotifier({ endpoint, region: config.aws.region, credentials }));
    };
    // One object for both ports, made on first use.
    const channelsApi = () => (delivery ??= connect());
    bind(SERVICE_IDS.RealtimeDelivery).toResolvedValue(channelsApi).inSingletonScope();
    bind(SERVICE_IDS.SocketCloser).toResolvedValue(channelsApi).inSingletonScope();
  });
}
