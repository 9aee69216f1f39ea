import type { IncomingMessage, ServerResponse } from 'node:http';
import { validatePublish, type PublishEvent } from '../../../../domain/realtime/publish-event.use-case.ts';
import { PUBLISH_LIMITS } from '../../../../domain/realtime/realtime-events.ts';
import type { SubscriptionRegistry } from '../../../../domain/realtime/subscription-registry.port.ts';
import { verifyHttpApiRequest, type VerifiedQuery } from '../../../../domain/channels/http-api-request.ts';
import { parseJsonObject } from '../../../../domain/shared/json.ts';
import { isPresenceChannel } from '../../../../domain/channels/channel-name.ts';
import { decodePathSegment, readBody, writeJson } from '../http-event-emulator.ts';

export interface PusherHttpApiDeps {
  readonly appId: string;
  readonly key: string;
  readonly secret: string;
  readonly publish: PublishEvent;
  readonly registry: SubscriptionRegistry;
  readonly terminateUser: (userId: string) => Promise<unknown>;
  readonly now?: () => number;
}

const APPS_PATH = /^\/apps\/([^/]+)(\/.*)$/;

export function isPusherHttpApiPath(pathname: string): boolean {
  return APPS_PATH.test(pathname);
}

/**
 * Pusher's HTTP API under `/apps/<appId>/`, verified as Pusher verifies it (key, HMAC-SHA256 over
 * `METHOD\nPATH\nsorted query`, `body_md5`, timestamp window), so the `pusher` package works unchanged.
 */
export async function handlePusherHttpApi(request: IncomingMessage, response: ServerResponse, url: URL, deps: PusherHttpApiDeps): Promise<void> {
  const [, appId = '', route = ''] = APPS_PATH.exec(url.pathname) ?? [];
  if (appId !== deps.appId) return writeJson(response, 404, { error: `Unknown app ${appId.slice(0, 64)}` });
  const body = await readBody(request, 256 * 1024);
  const method = request.method ?? 'GET';
  const rawUrl = request.url ?? '';
  const rawQuery = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '';
  const verified = verifyHttpApiRequest({ method, path: url.pathname, rawQuery, body }, deps, Math.floor((deps.now?.() ?? Date.now()) / 1000));
  if (!verified.ok) return writeJson(response, 401, { error: verified.error.message });
  // Only the verified parameters are read: they are exactly what was signed.
  const query: VerifiedQuery = verified.value;

  if (method === 'POST' && route === '/events') {
    const event = parseJsonObject(body.toString('utf8'));
    if (event === undefined) return writeJson(response, 400, { error: 'the body must be a JSON object' });
    return publishOne(response, event, deps);
  }
  if (method === 'POST' && route === '/batch_events') {
    const batch = parseJsonObject(body.toString('utf8'))?.['batch'];
    if (!Array.isArray(batch) || batch.length === 0 || batch.length > PUBLISH_LIMITS.eventsPerBatch) {
      return writeJson(response, 400, { error: `batch must hold 1 to ${PUBLISH_LIMITS.eventsPerBatch} events` });
    }
    // The whole batch is checked before any of it is published, as Pusher does: all or nothing.
    const inputs = batch.map((event) => toPublishInput(event as Record<string, unknown>));
    for (const input of inputs) {
      const refusal = validatePublish(input);
      if (!refusal.ok) return writeJson(response, refusal.error.kind === 'PayloadTooLarge' ? 413 : 400, { error: refusal.error.message });
    }
    for (const input of inputs) {
      const result = await deps.publish.execute(input);
      if (!result.ok) return writeJson(response, result.error.kind === 'PayloadTooLarge' ? 413 : 400, { error: result.error.message });
    }
    return writeJson(response, 200, { batch: batch.map(() => ({})) });
  }
  if (method === 'GET' && route === '/channels') {
    const prefix = query.get('filter_by_prefix') ?? '';
    const wantsUserCount = (query.get('info') ?? '').split(',').includes('user_count');
    const channels = (await deps.registry.channels()).filter((channel) => channel.name.startsWith(prefix) && !channel.name.startsWith('#'));
    return writeJson(response, 200, { channels: Object.fromEntries(channels.map((channel) => [channel.name, wantsUserCount && channel.userCount !== undefined ? { user_count: channel.userCount } : {}])) });
  }
  const channelMatch = /^\/channels\/([^/]+)(\/users)?$/.exec(route);
  if (method === 'GET' && channelMatch !== null) {
    const name = decodePathSegment(channelMatch[1] ?? '');
    if (name === undefined) return writeJson(response, 400, { error: 'the channel name is not valid percent-encoding' });
    if (channelMatch[2] !== undefined) {
      if (!isPresenceChannel(name)) return writeJson(response, 400, { error: 'users are listed for presence channels only' });
      return writeJson(response, 200, { users: (await deps.registry.members(name)).map((member) => ({ id: member.userId })) });
    }
    const summary = (await deps.registry.channels()).find((channel) => channel.name === name);
    const info = (query.get('info') ?? '').split(',');
    return writeJson(response, 200, {
      occupied: summary !== undefined,
      ...(info.includes('subscription_count') ? { subscription_count: summary?.subscriptionCount ?? 0 } : {}),
      ...(info.includes('user_count') && isPresenceChannel(name) ? { user_count: summary?.userCount ?? 0 } : {}),
    });
  }
  const terminate = /^\/users\/([^/]+)\/terminate_connections$/.exec(route);
  if (method === 'POST' && terminate !== null) {
    const userId = decodePathSegment(terminate[1] ?? '');
    if (userId === undefined) return writeJson(response, 400, { error: 'the user id is not valid percent-encoding' });
    await deps.terminateUser(userId);
    return writeJson(response, 200, {});
  }
  writeJson(response, 404, { error: `No such endpoint: ${method} ${route.slice(0, 100)}` });
}

async function publishOne(response: ServerResponse, event: Record<string, unknown>, deps: PusherHttpApiDeps): Promise<void> {
  const result = await deps.publish.execute(toPublishInput(event));
  if (!result.ok) return writeJson(response, result.error.kind === 'PayloadTooLarge' ? 413 : 400, { error: result.error.message });
  writeJson(response, 200, {});
}

function toPublishInput(event: Record<string, unknown>) {
  const channels = event['channels'] ?? (typeof event['channel'] === 'string' ? [event['channel']] : undefined);
  return { name: event['name'], data: event['data'], channels, excludeSocketId: typeof event['socket_id'] === 'string' ? event['socket_id'] : undefined };
}
