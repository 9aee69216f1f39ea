import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { isPresenceChannel, isServerToUserChannel } from '../../../domain/channels/channel-name.ts';
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

/** With `info` (Pusher's experimental attributes), the answer counts each channel published to, after the publish. */
async function publishEvent({ body }: VerifiedPusherApiRequest, { publish, registry }: PusherApiServices): Promise<APIGatewayProxyStructuredResultV2> {
  const event = parseJsonObject(body.toString('utf8'));
  if (event === undefined) return pusherApiError(400, 'the body must be a JSON object');
  const input = toPublishInput(event);
  const result = await publish.execute(input);
  if (!result.ok) return publishRefusal(result.error);
  const info = infoOfEvent(event);
  if (info.length === 0) return json(200, {});
  const channels = [...new Set(input.channels as string[])];
  return json(200, { channels: Object.fromEntries(await Promise.all(channels.map(async (channel) => [channel, await channelAttributes(registry, channel, info)] as const))) });
}

/** All or nothing, as Pusher does it: the whole batch is checked before any of it is published. */
async function publishBatch({ body }: VerifiedPusherApiRequest, { publish, registry }: PusherApiServices): Promise<APIGatewayProxyStructuredResultV2> {
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
  const attributes = await Promise.all(batch.map(async (event: Record<string, unknown>, index) => {
    const info = infoOfEvent(event);
    return info.length === 0 ? {} : channelAttributes(registry, (inputs[index]!.channels as string[])[0]!, info);
  }));
  return json(200, { batch: attributes });
}

async function listChannels({ query }: VerifiedPusherApiRequest, { registry }: PusherApiServices): Promise<APIGatewayProxyStructuredResultV2> {
  const prefix = query.get('filter_by_prefix') ?? '';
  const info = infoOf(query);
  // `#server-to-user-…` channels are the SDK's plumbing, not the app's: Pusher lists none.
  const channels = (await registry.channels()).filter((channel) => channel.name.startsWith(prefix) && !isServerToUserChannel(channel.name));
  return json(200, { channels: Object.fromEntries(channels.map((channel) => [channel.name, attributesAskedFor(info, channel.subscriptionCount, channel.userCount)])) });
}

async function describeChannel({ query, segment }: VerifiedPusherApiRequest, { registry }: PusherApiServices): Promise<APIGatewayProxyStructuredResultV2> {
  const name = decodePathSegment(segment);
  if (name === undefined) return pusherApiError(400, 'the channel name is not valid percent-encoding');
  const subscriptionCount = (await registry.subscribers(name)).length;
  return json(200, { occupied: subscriptionCount > 0, ...(await channelAttributes(registry, name, infoOf(query), subscriptionCount)) });
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

/** An event's own `info` (the body's, which the signature covers through body_md5). */
function infoOfEvent(event: Record<string, unknown>): string[] {
  return typeof event['info'] === 'string' && event['info'] !== '' ? event['info'].split(',') : [];
}

/**
 * The attributes `info` asks for, read from the channel's own partitions (never the whole table):
 * `subscription_count` (connections) on any channel, `user_count` (distinct users) on presence ones.
 */
async function channelAttributes(registry: SubscriptionRegistry, channel: string, info: readonly string[], subscriptionCount?: number): Promise<Record<string, number>> {
  const wantsSubscriptions = info.includes('subscription_count');
  const wantsUsers = info.includes('user_count') && isPresenceChannel(channel);
  return attributesAskedFor(
    info,
    wantsSubscriptions ? (subscriptionCount ?? (await registry.subscribers(channel)).length) : undefined,
    wantsUsers ? (await registry.members(channel)).length : undefined,
  );
}

function attributesAskedFor(info: readonly string[], subscriptionCount: number | undefined, userCount: number | undefined): Record<string, number> {
  return {
    ...(info.includes('subscription_count') && subscriptionCount !== undefined ? { subscription_count: subscriptionCount } : {}),
    ...(info.includes('user_count') && userCount !== undefined ? { user_count: userCount } : {}),
  };
}

function toPublishInput(event: Record<string, unknown>): PublishInput {
  const channels = event['channels'] ?? (typeof event['channel'] === 'string' ? [event['channel']] : undefined);
  return { name: event['name'], data: event['data'], channels, excludeSocketId: typeof event['socket_id'] === 'string' ? event['socket_id'] : undefined };
}

function publishRefusal(error: PublishError): APIGatewayProxyStructuredResultV2 {
  return pusherApiError(error.kind === 'PayloadTooLarge' ? 413 : 400, error.message);
}
