import { AwsClient } from 'aws4fetch';
import type { ConnectionTerminator } from '../../../domain/connections/connection-terminator.port.ts';
import type { ConnectionNotifier, DeliveryOutcome } from '../../../domain/notifications/connection-notifier.port.ts';
import { DEFAULT_RETRY_POLICY, isTransientAwsError, withRetries, type RetryPolicy } from '../shared/retry.ts';
import { managementApiPayload } from './management-api-payload.ts';

/** A Management API call answered with an error: named and numbered as the SDK's errors are, so the same retry rules apply. */
export class ManagementApiError extends Error {
  override readonly name: string;
  readonly $metadata: { readonly httpStatusCode: number };

  constructor(name: string, status: number, message: string) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode: status };
  }
}

export interface SignedFetchConnectionNotifierDeps {
  /** `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`, or a custom domain's base URL. */
  readonly endpoint: string;
  readonly region: string;
  /** The function role's, as Lambda sets them in the environment. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  readonly retry?: RetryPolicy;
}

/**
 * PostToConnection and DeleteConnection over a SigV4-signed fetch (aws4fetch), for the function
 * whose cold start is part of the handshake latency pusher-js measures (channels-handshake): the
 * Management API SDK client would add ~35 ms to it (bench/cold-start.ts). The same wire calls,
 * answers and retries as ApiGatewayConnectionNotifier: 410 is `gone`, throttling and 5xx are retried.
 */
export class SignedFetchConnectionNotifier implements ConnectionNotifier, ConnectionTerminator {
  private readonly deps: { readonly client: AwsClient; readonly endpoint: string; readonly retry: RetryPolicy };

  constructor(deps: SignedFetchConnectionNotifierDeps) {
    const { accessKeyId, secretAccessKey, sessionToken } = deps.credentials;
    // A custom domain names neither service nor region: both are given. Retries are ours (below).
    const client = new AwsClient({ accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }), service: 'execute-api', region: deps.region, retries: 0 });
    this.deps = { client, endpoint: deps.endpoint.replace(/\/$/, ''), retry: deps.retry ?? DEFAULT_RETRY_POLICY };
  }

  async send(connectionId: string, payload: string): Promise<DeliveryOutcome> {
    return (await this.call('POST', connectionId, managementApiPayload(payload))) === 410 ? 'gone' : 'delivered';
  }

  /** DeleteConnection; 410 means it is closed already, which is what was wanted. */
  async disconnect(connectionId: string): Promise<void> {
    await this.call('DELETE', connectionId);
  }

  /** The call, retried while transient; resolves with its status (2xx or 410), throws any other answer. */
  private async call(method: 'POST' | 'DELETE', connectionId: string, body?: Buffer): Promise<number> {
    const url = `${this.deps.endpoint}/@connections/${encodeURIComponent(connectionId)}`;
    return withRetries(
      async () => {
        // A redirect (a misconfigured custom domain) is an answer to report, as the SDK reports it, not to follow.
        const response = await this.deps.client.fetch(url, { method, redirect: 'manual', ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/octet-stream' } }) });
        const text = await response.text();
        if (response.ok || response.status === 410) return response.status;
        const errorType = response.headers.get('x-amzn-errortype')?.split(':')[0] || `Http${response.status}`;
        throw new ManagementApiError(errorType, response.status, `${method} @connections answered ${response.status} ${errorType}: ${text.slice(0, 200)}`);
      },
      isTransientAwsError,
      this.deps.retry,
    );
  }
}
