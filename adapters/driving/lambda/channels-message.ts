import { parseChannelName } from '../../../domain/channels/channel-name.ts';
import { encodePusherFrame, PUSHER_ERROR_CODES, type PusherFrame } from '../../../domain/channels/pusher-protocol.ts';
import type { LeaveChannels } from '../../../domain/realtime/leave-channels.use-case.ts';
import type { RealtimeDelivery, RealtimeMessage } from '../../../domain/realtime/realtime-delivery.port.ts';
import { REALTIME_EVENTS } from '../../../domain/realtime/realtime-events.ts';
import type { ClientEventError, SendClientEvent } from '../../../domain/realtime/send-client-event.use-case.ts';
import type { SignInUser } from '../../../domain/realtime/sign-in-user.use-case.ts';
import type { SubscribeError, SubscribeToChannel } from '../../../domain/realtime/subscribe-to-channel.use-case.ts';
import { parseJsonObject, parseJsonOrUndefined } from '../../../domain/shared/json.ts';
import { isPlainObject } from '../../../domain/shared/validation.ts';
import { socketIdOf } from '../../../domain/channels/socket-id.ts';
import type { Observability } from './observability.ts';
import type { WebSocketEvent, WebSocketResult } from './websocket-event.ts';

export interface ChannelsMessageDeps extends Observability {
  readonly subscribe: SubscribeToChannel;
  readonly leave: LeaveChannels;
  readonly signIn: SignInUser;
  readonly clientEvent: SendClientEvent;
  /** The sender's own frames when one answer is several (a cache channel's replay after its subscription_succeeded). */
  readonly delivery: RealtimeDelivery;
}

/**
 * Every message route of the channels API (`pusher:subscribe`, `pusher:unsubscribe`, `pusher:ping`,
 * `pusher:signin`, `$default`). An answer of one frame goes back as the route response (the body API
 * Gateway sends to the sender, no `@connections` call); what others must see (presence changes,
 * client events, subscription counts) fans out.
 *
 * A subscribe whose `subscription_succeeded` must be followed by more frames (a cache channel's last
 * event or `pusher:cache_miss`, the subscription count) posts them all through `@connections`, one
 * after another, and answers no route response: a route response is sent only once the function has
 * returned, after anything it posted, and pusher-js must see `subscription_succeeded` first.
 */
export function makeChannelsMessageHandler(deps: ChannelsMessageDeps) {
  return async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const { connectionId } = event.requestContext;
    const socketId = socketIdOf(connectionId);
    deps.logger.appendKeys({ connectionId, socketId });
    const frame = event.isBase64Encoded ? undefined : parseFrame(event.body ?? '');
    if (frame === undefined) return reply({ event: 'pusher:error', data: { code: null, message: 'Messages are JSON objects with an event' } });
    const answer = await answerFrame(deps, socketId, frame);
    return answer === undefined ? { statusCode: 200 } : reply(answer);
  };
}

async function answerFrame(deps: ChannelsMessageDeps, socketId: string, frame: Frame): Promise<PusherFrame | undefined> {
  const { data } = frame;
  switch (frame.event) {
    case 'pusher:ping':
      return { event: 'pusher:pong', data: {} };
    case 'pusher:pong':
      return undefined;
    case 'pusher:subscribe': {
      const result = await deps.subscribe.execute({ socketId, channel: data['channel'], auth: data['auth'], channelData: data['channel_data'] });
      if (result.ok) {
        deps.logger.info('subscribed', { channel: result.value.channel });
        const succeeded: PusherFrame & RealtimeMessage = { event: REALTIME_EVENTS.subscriptionSucceeded, channel: result.value.channel, data: result.value.presence === undefined ? {} : { presence: result.value.presence } };
        if (result.value.followUps.length === 0) return succeeded;
        await postInOrder(deps, socketId, [succeeded, ...result.value.followUps]);
        return undefined;
      }
      deps.logger.warn('subscription refused', { kind: result.error.kind });
      const channel = typeof data['channel'] === 'string' ? data['channel'].slice(0, 200) : undefined;
      return { event: 'pusher:subscription_error', ...(channel === undefined ? {} : { channel }), data: { ...subscriptionRefusal(result.error.kind), error: result.error.message } };
    }
    case 'pusher:unsubscribe': {
      // Only a name a subscription could have: anything else (an over-long key, say) would reach the store as it came.
      const channel = parseChannelName(data['channel']);
      if (!channel.ok) return { event: 'pusher:error', data: { code: null, message: `Cannot unsubscribe: ${channel.error.message}` } };
      await deps.leave.execute({ socketId, channel: channel.value.name });
      return undefined;
    }
    case 'pusher:signin': {
      const result = await deps.signIn.execute({ socketId, auth: data['auth'], userData: data['user_data'] });
      if (!result.ok) {
        deps.logger.warn('sign-in refused', { kind: result.error.kind });
        // Pusher also closes the socket with 4009; over API Gateway the code would be lost, so the socket stays, signed in as nobody.
        return { event: 'pusher:error', data: { code: PUSHER_ERROR_CODES.unauthorized, message: result.error.message } };
      }
      deps.logger.info('signed in', { userId: result.value.userId });
      const succeeded: PusherFrame & RealtimeMessage = { event: 'pusher:signin_success', data: { user_data: result.value.userData } };
      if (result.value.tellWatchlist === undefined) return succeeded;
      // The watchlist's status follows the success, as on Pusher: both through @connections, in order.
      if (await postInOrder(deps, socketId, [succeeded])) await result.value.tellWatchlist();
      return undefined;
    }
    default: {
      if (!frame.event.startsWith('client-')) return { event: 'pusher:error', data: { code: null, message: `Unsupported event ${frame.event.slice(0, 64)}` } };
      const result = await deps.clientEvent.execute({ socketId, channel: frame.channel, name: frame.event, data: frame.rawData });
      if (result.ok) return undefined;
      deps.logger.warn('client event refused', { kind: result.error.kind });
      return { event: 'pusher:error', data: { code: clientEventErrorCode(result.error.kind), message: result.error.message } };
    }
  }
}

/**
 * Each post waits for the one before, so no two are in flight: API Gateway has accepted a post when
 * it answers, and hands one connection's accepted posts on in order (local mode does; on AWS
 * *unverified*, as is a route response with no body sending nothing, which `pusher:unsubscribe` relies on too).
 */
/**
 * Posts the answers one after another; false once the socket is found gone. $disconnect may have run
 * before this frame's answer (API Gateway serves them concurrently): the socket is forgotten then,
 * so what this frame just wrote (a subscription, a sign-in) is not left behind.
 */
async function postInOrder(deps: Pick<ChannelsMessageDeps, 'delivery' | 'leave'>, socketId: string, messages: readonly RealtimeMessage[]): Promise<boolean> {
  for (const message of messages) {
    if ((await deps.delivery.deliver(socketId, message)) === 'gone') {
      await deps.leave.execute({ socketId });
      return false;
    }
  }
  return true;
}

/** Pusher's 4301 for a client over its rate (pusher-js reports it and keeps the connection); other refusals carry no code. */
function clientEventErrorCode(kind: ClientEventError['kind']): number | null {
  return kind === 'ClientEventRateLimited' ? PUSHER_ERROR_CODES.clientEventRateLimited : null;
}

function reply(frame: PusherFrame): WebSocketResult {
  return { statusCode: 200, body: encodePusherFrame(frame) };
}

/** How pusher-js is told why a subscription failed (`pusher:subscription_error` data). */
function subscriptionRefusal(kind: SubscribeError['kind']): { type: string; status: number } {
  switch (kind) {
    case 'InvalidChannelName':
    case 'InvalidChannelData':
      return { type: 'AuthError', status: 400 };
    case 'InvalidSignature':
      return { type: 'AuthError', status: 401 };
    case 'NotSignedIn':
      return { type: 'AuthError', status: 403 };
    case 'TooManySubscriptions':
      return { type: 'LimitReached', status: 429 };
  }
}

interface Frame {
  readonly event: string;
  readonly channel?: unknown;
  /** `data` as an object, whether it came as one or as a JSON string. */
  readonly data: Record<string, unknown>;
  readonly rawData: unknown;
}

function parseFrame(raw: string): Frame | undefined {
  const message = parseJsonObject(raw);
  if (message === undefined || typeof message['event'] !== 'string') return undefined;
  // `data` comes as an object or as a JSON string; a plain string payload (client events may carry one) stays as it is.
  const data = typeof message['data'] === 'string' ? (parseJsonOrUndefined(message['data']) ?? message['data']) : message['data'];
  return { event: message['event'], channel: message['channel'], data: isPlainObject(data) ? data : {}, rawData: message['data'] };
}
