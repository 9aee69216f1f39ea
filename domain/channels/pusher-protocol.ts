import { constantTimeEquals } from '../shared/constant-time.ts';
import { parseJsonOrUndefined } from '../shared/json.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { isNonEmptyString, isPlainObject, utf8Length } from '../shared/validation.ts';
import { parseChannelName, serverToUserChannel } from './channel-name.ts';
import { pusherAuthSignature, type PusherAppCredentials } from './pusher-signature.ts';

/**
 * The Pusher protocol's wire formats, each written once: the strings-to-sign, the presence
 * `channel_data` and sign-in `user_data` codecs, and the limits Pusher's service enforces. Both
 * sides use them: the auth endpoints that sign, and the channels server that checks.
 */

/** Presence members: Pusher refuses longer user ids and larger user_info. */
export const PRESENCE_LIMITS = {
  userIdLength: 128,
  userInfoBytes: 1024,
} as const;

/** How long a cache channel keeps its last event: Pusher keeps it "up to 30 minutes". */
export const CACHE_CHANNEL_TTL_MS = 30 * 60 * 1000;

/** Client events one connection may send a second: Pusher's default (its support raises it per app). */
export const DEFAULT_CLIENT_EVENTS_PER_SECOND = 10;

/**
 * Pusher's own trade-off for `subscription_count` events: a channel with more subscribers than
 * `above` gets at most one each `windowMs` (each is a delivery to every subscriber), so a count may
 * lag until the next join or leave after the window; a smaller channel gets every change.
 */
export const SUBSCRIPTION_COUNT_THROTTLE = { above: 100, windowMs: 5_000 } as const;

/** Pusher counts every channel but presence ones (their members are the count); `#server-to-user-` channels are the SDK's own. */
export function hasSubscriptionCount(channel: string): boolean {
  const parsed = parseChannelName(channel);
  return parsed.ok && parsed.value.kind !== 'presence' && parsed.value.kind !== 'server-to-user';
}

/** Pusher's limits for published events (HTTP API, client events, `sendToUser`). */
export const PUBLISH_LIMITS = {
  channelsPerEvent: 100,
  eventsPerBatch: 10,
  eventNameLength: 200,
  dataBytes: 10 * 1024,
} as const;

/** `<socket_id>:<channel>` for private and encrypted channels, `<socket_id>:<channel>:<channel_data>` for presence. */
export function channelStringToSign(socketId: string, channelName: string, channelData?: string): string {
  return channelData === undefined ? `${socketId}:${channelName}` : `${socketId}:${channelName}:${channelData}`;
}

/** User sign-in: `<socket_id>::user::<user_data>`. */
export function userStringToSign(socketId: string, userData: string): string {
  return `${socketId}::user::${userData}`;
}

/** The HTTP API's request signature: `<METHOD>\n<path>\n<query sorted by name, without auth_signature>`. */
export function httpApiStringToSign(method: string, path: string, sortedQuery: string): string {
  return `${method}\n${path}\n${sortedQuery}`;
}

export function signChannel(credentials: PusherAppCredentials, socketId: string, channelName: string, channelData?: string): string {
  return pusherAuthSignature(credentials, channelStringToSign(socketId, channelName, channelData));
}

export function signUser(credentials: PusherAppCredentials, socketId: string, userData: string): string {
  return pusherAuthSignature(credentials, userStringToSign(socketId, userData));
}

/** Whether `auth` is what this server would have signed for the subscription, compared in constant time. */
export function channelSignatureMatches(credentials: PusherAppCredentials, auth: unknown, socketId: string, channelName: string, channelData?: string): boolean {
  return typeof auth === 'string' && constantTimeEquals(auth, signChannel(credentials, socketId, channelName, channelData));
}

export function userSignatureMatches(credentials: PusherAppCredentials, auth: unknown, socketId: string, userData: string): boolean {
  return typeof auth === 'string' && constantTimeEquals(auth, signUser(credentials, socketId, userData));
}

/** A user on a presence channel, as their `channel_data` describes them. */
export interface PresenceMember {
  readonly userId: string;
  readonly userInfo?: unknown;
}

/** `{"user_id","user_info"?}`, refused when Pusher would refuse it. */
export function encodePresenceChannelData(member: PresenceMember): Result<string, string> {
  const problem = presenceMemberProblem(member.userId, member.userInfo);
  if (problem !== undefined) return err(problem);
  return ok(JSON.stringify(member.userInfo === undefined ? { user_id: member.userId } : { user_id: member.userId, user_info: member.userInfo }));
}

export function decodePresenceChannelData(channelData: string): Result<PresenceMember, string> {
  const data = parseJsonOrUndefined(channelData);
  if (data === undefined) return err('channel_data must be JSON');
  if (!isPlainObject(data)) return err('channel_data must be a JSON object');
  const userId = data['user_id'];
  const problem = presenceMemberProblem(userId, data['user_info']);
  if (problem !== undefined) return err(problem);
  return ok(data['user_info'] === undefined ? { userId: userId as string } : { userId: userId as string, userInfo: data['user_info'] });
}

function presenceMemberProblem(userId: unknown, userInfo: unknown): string | undefined {
  if (!isNonEmptyString(userId, PRESENCE_LIMITS.userIdLength)) return `presence user_id is a string of 1 to ${PRESENCE_LIMITS.userIdLength} characters`;
  if (userInfo !== undefined && utf8Length(JSON.stringify(userInfo)) > PRESENCE_LIMITS.userInfoBytes) return `presence user_info is over ${PRESENCE_LIMITS.userInfoBytes} bytes`;
  return undefined;
}

/** The users a signed-in user may watch (`user_data.watchlist`): Pusher takes up to 100. */
export const WATCHLIST_LIMIT = 100;

/** A signed-in user, as their sign-in `user_data` describes them. */
export interface SignedInUser {
  readonly id: string;
  readonly userInfo?: unknown;
  /** Whose online status the user is told (`pusher_internal:watchlist_events`), without repeats. */
  readonly watchlist?: readonly string[];
}

/** `{"id","user_info"?,"watchlist"?}`. */
export function encodeUserData(user: SignedInUser): string {
  return JSON.stringify({ id: user.id, ...(user.userInfo === undefined ? {} : { user_info: user.userInfo }), ...(user.watchlist === undefined ? {} : { watchlist: user.watchlist }) });
}

export function decodeUserData(userData: string): Result<SignedInUser, string> {
  const data = parseJsonOrUndefined(userData);
  if (data === undefined) return err('user_data must be JSON');
  if (!isPlainObject(data) || !isNonEmptyString(data['id'], PRESENCE_LIMITS.userIdLength)) return err('user_data needs an id string');
  const watchlist = data['watchlist'];
  if (watchlist !== undefined && !(Array.isArray(watchlist) && watchlist.length <= WATCHLIST_LIMIT && watchlist.every((userId) => isNonEmptyString(userId, PRESENCE_LIMITS.userIdLength)))) {
    return err(`user_data.watchlist must be an array of at most ${WATCHLIST_LIMIT} user ids (strings of 1 to ${PRESENCE_LIMITS.userIdLength} characters)`);
  }
  return ok({ id: data['id'], ...(data['user_info'] === undefined ? {} : { userInfo: data['user_info'] }), ...(watchlist === undefined ? {} : { watchlist: [...new Set(watchlist as string[])] }) });
}

/** What an event's `data` weighs on the wire: strings as they are, anything else as JSON (as the `pusher` package sends it). */
export function eventDataBytes(data: unknown): number {
  return utf8Length(typeof data === 'string' ? data : JSON.stringify(data ?? null));
}

/**
 * Why Pusher would refuse an event for this user, before anyone calls it: the user id must make a
 * valid `#server-to-user-<id>` channel, and the data fit the event size limit. Undefined when it fits.
 */
export function userEventRefusal(userId: string, data: unknown): string | undefined {
  if (!parseChannelName(serverToUserChannel(userId)).ok) return 'the user id is not a valid Pusher channel suffix';
  const bytes = eventDataBytes(data);
  if (bytes > PUBLISH_LIMITS.dataBytes) return `the data is ${bytes} bytes; Pusher takes at most ${PUBLISH_LIMITS.dataBytes}`;
  return undefined;
}

/** A frame as the Pusher protocol carries it: `data` always a string (JSON unless the publisher gave a string). */
export interface PusherFrame {
  readonly event: string;
  readonly channel?: string;
  readonly data: unknown;
  readonly user_id?: string;
}

export function encodePusherFrame(frame: PusherFrame): string {
  return JSON.stringify({ ...frame, data: typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data ?? {}) });
}

/**
 * `pusher:error` codes pusher-js acts on: 4000–4099 refuse (no reconnect), 4100–4199 back off,
 * 4200–4299 reconnect at once. Over API Gateway they travel only as frames: DeleteConnection takes no close code.
 */
export const PUSHER_ERROR_CODES = { unknownApp: 4001, unsupportedProtocol: 4007, unauthorized: 4009, clientEventRateLimited: 4301 } as const;

/** Protocol versions this server speaks (pusher-js 7 and 8 send 7); a connection naming none is taken as the newest. */
export const PROTOCOL_VERSIONS = { oldest: 5, newest: 7 } as const;

/** Why a connection is refused before its handshake, as the first frame's `pusher:error` says it; undefined to accept. */
export function connectionRefusal(appKey: string, query: { readonly key: string | undefined; readonly protocol: string | undefined }): { readonly code: number; readonly message: string } | undefined {
  if (query.key === undefined || query.key !== appKey) return { code: PUSHER_ERROR_CODES.unknownApp, message: `App key ${(query.key ?? '').slice(0, 64)} does not exist` };
  if (query.protocol !== undefined) {
    const version = /^[1-9]\d?$/.test(query.protocol) ? Number(query.protocol) : Number.NaN;
    if (!(version >= PROTOCOL_VERSIONS.oldest && version <= PROTOCOL_VERSIONS.newest)) {
      return { code: PUSHER_ERROR_CODES.unsupportedProtocol, message: `Unsupported protocol version ${query.protocol.slice(0, 16)}; this server speaks ${PROTOCOL_VERSIONS.oldest} to ${PROTOCOL_VERSIONS.newest}` };
    }
  }
  return undefined;
}

