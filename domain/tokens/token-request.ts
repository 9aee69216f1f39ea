import { validateChannelPatterns, type ChannelPattern } from '../channels/channel-pattern.ts';
import { parseJsonOrUndefined } from '../shared/json.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { isNonEmptyString, isPlainObject, utf8Length } from '../shared/validation.ts';
import { MAX_USER_ID_LENGTH, MAX_USER_INFO_BYTES } from './access-token.ts';

/** The grant a trusted backend asks for, normalised from a form body or JSON. */
export interface UserGrant {
  readonly userId: string;
  readonly channels: readonly ChannelPattern[];
  readonly userInfo?: Readonly<Record<string, unknown>>;
}

export function parseUserId(value: unknown): Result<string, string> {
  return isNonEmptyString(value, MAX_USER_ID_LENGTH)
    ? ok(value)
    : err(`user_id is required: a string of 1 to ${MAX_USER_ID_LENGTH} characters`);
}

/** `channels` arrives as a comma-separated form field or a JSON list. */
export function parseChannels(value: unknown): Result<readonly ChannelPattern[], string> {
  if (value === undefined || value === '') return ok([]);
  const list = typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter((part) => part !== '') : value;
  return validateChannelPatterns(list);
}

/** `user_info` arrives as a JSON object or as a form field holding one. */
export function parseUserInfo(value: unknown): Result<Readonly<Record<string, unknown>> | undefined, string> {
  if (value === undefined || value === '') return ok(undefined);
  const info = typeof value === 'string' ? parseJsonOrUndefined(value) : value;
  if (!isPlainObject(info)) return err('user_info must be a JSON object');
  if (utf8Length(JSON.stringify(info)) > MAX_USER_INFO_BYTES) {
    return err(`user_info must be at most ${MAX_USER_INFO_BYTES} bytes of JSON`);
  }
  return ok(info);
}

export function parseUserGrant(fields: { userId: unknown; channels: unknown; userInfo: unknown }): Result<UserGrant, string> {
  const userId = parseUserId(fields.userId);
  if (!userId.ok) return userId;
  const channels = parseChannels(fields.channels);
  if (!channels.ok) return channels;
  const userInfo = parseUserInfo(fields.userInfo);
  if (!userInfo.ok) return userInfo;
  return ok(userInfo.value === undefined
    ? { userId: userId.value, channels: channels.value }
    : { userId: userId.value, channels: channels.value, userInfo: userInfo.value });
}

/** `expires_in` in seconds, as a number or a numeric string; absent means the default. */
export function parseExpiresIn(value: unknown, defaultSeconds: number, maxSeconds: number): Result<number, string> {
  if (value === undefined || value === '') return ok(defaultSeconds);
  const seconds = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > maxSeconds) {
    return err(`expires_in must be a whole number of seconds from 1 to ${maxSeconds}`);
  }
  return ok(seconds);
}
