import { parseChannelName } from '../channels/channel-name.ts';
import { PRESENCE_LIMITS, PUBLISH_LIMITS } from '../channels/pusher-protocol.ts';
import { parseSocketId } from '../channels/socket-id.ts';
import { parseJsonOrUndefined } from '../shared/json.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { isNonEmptyString, isPlainObject, utf8Length } from '../shared/validation.ts';
import type { RealtimeMessage } from './realtime-delivery.port.ts';

/** One message for some of a channel's subscribers: what the channel fan-out queue carries, one chunk a queue message. */
export interface ChannelDeliveryChunk {
  readonly message: RealtimeMessage;
  readonly socketIds: readonly string[];
}

/**
 * Sockets in one chunk. 200 socket ids of at most 64 characters are under 14 KB, so the chunk stays
 * far inside SQS's default 256 KiB message next to any message Pusher's limits let through (10 KB of
 * data, escaped at worst six times over); and at DELIVERY_CONCURRENCY (16) in flight, 200 posts are
 * about 13 rounds of `@connections` calls, around a second with throttling retried: a batch of ten
 * chunks fits one worker invocation many times over.
 */
export const MAX_CHUNK_SOCKETS = 200;

/** SQS's default maximum message (a queue may be raised to 1 MiB): no chunk body may be heavier, whatever the queue. */
export const MAX_CHUNK_BYTES = 256 * 1024;

export type InvalidChannelDeliveryChunk = { readonly kind: 'InvalidChannelDeliveryChunk'; readonly message: string };

/**
 * The chunk's body, `{"message":{"event","channel"?,"data","userId"?},"socketIds":[…]}`: the one writer
 * every queue adapter uses. Data JSON cannot hold (`undefined`) is written as `null`: both reach the
 * client as the same frame.
 */
export function encodeChannelDeliveryChunk(chunk: ChannelDeliveryChunk): string {
  const { event, channel, data, userId } = chunk.message;
  return JSON.stringify({
    message: { event, ...(channel === undefined ? {} : { channel }), data: data ?? null, ...(userId === undefined ? {} : { userId }) },
    socketIds: chunk.socketIds,
  });
}

/** ...and its one reader, for the worker: anything it did not write is refused, saying what is wrong. */
export function decodeChannelDeliveryChunk(body: string): Result<ChannelDeliveryChunk, InvalidChannelDeliveryChunk> {
  if (utf8Length(body) > MAX_CHUNK_BYTES) return invalid(`a chunk is at most ${MAX_CHUNK_BYTES} bytes`);
  return parseChannelDeliveryChunk(parseJsonOrUndefined(body));
}

export function parseChannelDeliveryChunk(value: unknown): Result<ChannelDeliveryChunk, InvalidChannelDeliveryChunk> {
  if (!isPlainObject(value)) return invalid('a channel delivery chunk is a JSON object {"message","socketIds"}');
  const message = parseMessage(value['message']);
  if (!message.ok) return message;
  const socketIds = value['socketIds'];
  if (!Array.isArray(socketIds) || socketIds.length === 0 || socketIds.length > MAX_CHUNK_SOCKETS) {
    return invalid(`socketIds must list 1 to ${MAX_CHUNK_SOCKETS} socket ids`);
  }
  const badSocket = socketIds.find((socketId) => !parseSocketId(socketId).ok);
  if (badSocket !== undefined) return invalid(`socketIds holds ${JSON.stringify(badSocket)}, which is no socket id`);
  return ok({ message: message.value, socketIds: socketIds as string[] });
}

function parseMessage(message: unknown): Result<RealtimeMessage, InvalidChannelDeliveryChunk> {
  if (!isPlainObject(message)) return invalid('message must be a JSON object {"event","channel","data"}');
  const { event, channel, data, userId } = message;
  // Not eventNameProblem: the core's own pusher_internal: events travel this way too.
  if (!isNonEmptyString(event, PUBLISH_LIMITS.eventNameLength)) return invalid(`message.event must be a string of 1 to ${PUBLISH_LIMITS.eventNameLength} characters`);
  if (channel !== undefined && !parseChannelName(channel).ok) return invalid('message.channel must be a valid channel name');
  if (!('data' in message)) return invalid('message.data is required');
  if (userId !== undefined && !isNonEmptyString(userId, PRESENCE_LIMITS.userIdLength)) {
    return invalid(`message.userId must be a string of 1 to ${PRESENCE_LIMITS.userIdLength} characters`);
  }
  return ok({ event, ...(channel === undefined ? {} : { channel: channel as string }), data, ...(userId === undefined ? {} : { userId }) });
}

function invalid(message: string): { ok: false; error: InvalidChannelDeliveryChunk } {
  return err({ kind: 'InvalidChannelDeliveryChunk', message });
}
