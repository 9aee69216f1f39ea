import { ApiGatewayManagementApiClient, DeleteConnectionCommand, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { ConnectionTerminator } from '../../../domain/connections/connection-terminator.port.ts';
import type { ConnectionNotifier, DeliveryOutcome } from '../../../domain/notifications/connection-notifier.port.ts';
import { DEFAULT_RETRY_POLICY, errorNameOf, httpStatusOf, isTransientAwsError, withRetries, type RetryPolicy } from '../shared/retry.ts';
import { managementApiPayload } from './management-api-payload.ts';

export interface ApiGatewayConnectionNotifierOptions {
  /** `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`, or a custom domain's base URL. */
  readonly endpoint: string;
  readonly region?: string;
  readonly retry?: RetryPolicy;
  readonly onRetry?: (attempt: number, error: unknown) => void;
  /** Injected by tests that bring their own client. */
  readonly client?: ApiGatewayManagementApiClient;
}

/** Posts to and closes WebSocket connections through the API Gateway Management API. */
export class ApiGatewayConnectionNotifier implements ConnectionNotifier, ConnectionTerminator {
  private readonly client: ApiGatewayManagementApiClient;
  private readonly retry: RetryPolicy;
  private readonly onRetry: ((attempt: number, error: unknown) => void) | undefined;

  constructor(options: ApiGatewayConnectionNotifierOptions) {
    // Retries are ours (below), so the SDK's own are off: two layers would multiply the attempts.
    this.client = options.client ?? new ApiGatewayManagementApiClient({ endpoint: options.endpoint, maxAttempts: 1, ...(options.region === undefined ? {} : { region: options.region }) });
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.onRetry = options.onRetry;
  }

  async send(connectionId: string, payload: string): Promise<DeliveryOutcome> {
    const data = managementApiPayload(payload);
    try {
      await withRetries(() => this.client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data })), isTransientAwsError, this.retry, this.onRetry);
      return 'delivered';
    } catch (error) {
      if (errorNameOf(error) === 'GoneException' || httpStatusOf(error) === 410) return 'gone';
      throw error;
    }
  }

  /** DeleteConnection; 410 means it is closed already, which is what was wanted. */
  async disconnect(connectionId: string): Promise<void> {
    try {
      await withRetries(() => this.client.send(new DeleteConnectionCommand({ ConnectionId: connectionId })), isTransientAwsError, this.retry, this.onRetry);
    } catch (error) {
      if (errorNameOf(error) === 'GoneException' || httpStatusOf(error) === 410) return;
      throw error;
    }
  }
}
