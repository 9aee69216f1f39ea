import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { isPresenceChannel } from '../../../domain/channels/channel-name.ts';
import { PUBLISH_LIMITS } from '../../../domain/channels/pusher-protocol.ts';
import type { VerifiedQuery } from '../../../domain/channels/http-api-request.ts';
import { validatePublish, type PublishError, type PublishEvent, type PublishInput } from '../../../domain/realtime/publish-event.use-case.ts';
import type { SubscriptionRegistry } from '../../../domain/realtime/subscription-registry.port.ts';
import type { TerminateUserSockets } from '../../../domain/realtime/terminate-user-sockets.use-case.ts';
import { parseJsonObject } from '../../../domain/shared/json.ts';
import { isPlainObject } from '../../../domain/shared/validation.ts';
import { decodePathSegment } from './http-request.ts';
import { json } from './http-response.ts';

export interface PusherApiServices {
  readonly publish: PublishEvent;
  readonly registry: SubscriptionRegistry;
  readonly terminateUserSockets: TerminateUserSockets;
}

/** A request whose signature was checked: endpoints read only what was signed. */
export interface VerifiedPusherApiRequest {
  readonly body: Buffer;
  readonly query: VerifiedQuery;
  /** The path's one variable segment (a channel name, a user id), still percent-encoded. */
  readonly segment: string;
}

type Endpoint = (request: VerifiedPusherApiRequest, services: PusherApiServices) => Promise<APIGatewayProxyStructuredResultV2>;

/** Refusals as the Pusher HTTP API words them: `{"error": "<what was wrong>"}`. */
export function pusherApiError(statusCode: number, message: string): APIGatewayProxyStructuredResultV2 {
  return json(statusCode, { error: message });
}

/** Pusher's endpoints under `/apps/<appId>`, by method and the rest of the path. */
const ENDPOINTS: readonly { readonly method: string; readonly path: RegExp; readonly serve: Endpoint }[] = [
  { method: 'POST', path: /^\/events$/, serve: publishEvent },
  { method: 'POST', path: /^\/batch_events$/, serve: publishBatch },
  { method: 'GET', path: /^\/channels$/, serve: listChannels },
  { method: 'GET', path: /^\/channels\/([^/]+)$/, serve: describeChannel },
  { method: 'GET', path: /^\/channels\/([^/]+)\/users$/, serve: listPresenceUsers },
  { method: 'POST', path: /^\/users\/([^/]+)\/terminate_connections$/, serve: terminateConnections },
];

/** The endpoint `method route` names, with its variable segment; undefined for none (404). */
export function findPusherApiEndpoint(method: string, route: string): { readonly serve: Endpoint; readonly segment: string } | undefined {
  for (const endpoint of ENDPOINTS) {
    const match = method === endpoint.method ? endpoint.path.exec(route) : null;
    if (match !== null) return { serve: endpoint.serve, segment: match[1] ?? '' };
  }
  return undefined;
}

async function publishEvent({ body }: VerifiedPusherApiRequest, { publish }: PusherApiServices): Promise<APIGatewayProxyStructuredResultV2> {
  const event = parseJsonObject(body.toString('utf8'));
  if (event === undefined) return pusherApiError(400, 'the body must be a JSON object');
  const result = await publish.execute(toPublishInput(event));
  return result.ok ? json(200, {}) : publishRefusal(result.error);
}

/** All or nothing, as Pusher does it: the whole batch is checked before any of it is published. */
async function publishBatch({ body }: VerifiedPusherApiRequest, { publish }: PusherApiServices): Promise<APIGatewayProxyStructuredResultV2> {
  const batch = parseJsonObject(body.toString('utf8'))?.['batch'];
  if (!Array.isArray(batch) || batch.length === 0 || batch.length > PUBLISH_LIMITS.eventsPerBatch) {
    return pusherApiError(400, `batch must hold 1 to ${PUBLISH_LIMITS.eventsPerBatch} events`);
  }
  const inputs: PublishInput[] = [];
  for (const [index, event] of batch.entries()) {
    if (!isPlainObject(event)) return pusherApiError(400, `batch[${index}] must be a JSON object`);
    const input = toPublishInput(event);
    const refusal = validatePublish(input);
    if (!refusal.ok) return publishRefusal(refusal.error);
    inputs.push(input);
  }
  for (const input of inputs) {
    const result = await publish.execute(input);
    if (!result.ok) return publishRefusal(result.error);
  }
  return json(200, { batch: inputs.map(() => ({})) });
}

async function listChannels({ query }: VerifiedPusherApiRequest, { registry }: PusherApiServices): Promise<APIGatewayProxyStructuredResultV2> {
  const prefix = query.get('filter_by_prefix') ?? '';
  const wantsUserCount = infoOf(query).includes('user_count');
  // `#server-to-user-…` channels are the SDK's plumbing, not the app's: Pusher lists none.
  const channels = (await registry.channels()).filter((channel) => channel.name.startsWith(prefix) && !channel.name.startsWith('#'));
  return json(200, { channels: Object.fromEntries(channels.map((channel) => [channel.name, wantsUserCount && channel.userCount !== undefined ? { user_count: channel.userCount } : {}])) });
}

async function describeChannel({ query, segment }: VerifiedPusherApiRequest, { registry }: PusherApiServices): Promise<APIGatewayProxyStructuredResultV2> {
  const name = decodePathSegment(segment);
  if (name === undefined) return pusherApiError(400, 'the channel name is not valid percent-encoding');
  const summary = (await registry.channels()).find((channel) => channel.name === name);
  const info = infoOf(query);
  return json(200, {
    occupied: summary !== undefined,
    ...(info.includes('subscription_count') ? { subscription_count: summary?.subscriptionCount ?? 0 } : {}),
    ...(info.includes('user_count') && isPresenceChannel(name) ? { user_count: summary?.userCount ?? 0 } : {}),
  });
}

async function listPresenceUsers({ segment }: VerifiedPusherApiRequest, { registry }: PusherApiServices): Promise<APIGatewayProxyStructuredResultV2> {
  const name = decodePathSegment(segment);
  if (name === undefined) return pusherApiError(400, 'the channel name is not valid percent-encoding');
  if (!isPresenceChannel(name)) return pusherApiError(400, 'users are listed for presence channels only');
  return json(200, { users: (await registry.members(name)).map((member) => ({ id: member.userId })) });
}

async function terminateConnections({ segment }: VerifiedPusherApiRequest, { terminateUserSockets }: PusherApiServices): Promise<APIGatewayProxyStructuredResultV2> {
  const userId = decodePathSegment(segment);
  if (userId === undefined) return pusherApiError(400, 'the user id is not valid percent-encoding');
  await terminateUserSockets.execute(userId);
  return json(200, {});
}

function infoOf(query: VerifiedQuery): string[] {
  return (query.get('info') ?? '').split(',');
}

function toPublishInput(event: Record<string, unknown>): PublishInput {
  const channels = event['channels'] ?? (typeof event['channel'] === 'string' ? [event['channel']] : undefined);
  return { name: event['name'], data: event['data'], channels, excludeSocketId: typeof event['socket_id'] === 'string' ? event['socket_id'] : undefined };
}

function publishRefusal(error: PublishError): APIGatewayProxyStructuredResultV2 {
  return pusherApiError(error.kind === 'PayloadTooLarge' ? 413 : 400, error.message);
}
