import { MAX_CONNECTION_ID_LENGTH } from '../connections/connection.ts';
import { parseJsonOrUndefined } from '../shared/json.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { isNonEmptyString, isPlainObject, utf8Length } from '../shared/validation.ts';
import { MAX_USER_ID_LENGTH } from '../tokens/access-token.ts';

/** `NotifyUser` queue message. */
export interface UserNotification {
  readonly userId: string;
  readonly data: unknown;
}

/** `NotifyConnection` queue message. */
export interface ConnectionNotification {
  readonly connectionId: string;
  readonly data: unknown;
}

/** API Gateway refuses WebSocket messages over 128 KB. */
export const MAX_NOTIFICATION_BYTES = 128 * 1024;

export type InvalidNotification = { readonly kind: 'InvalidNotification'; readonly message: string };

/** What a connection receives: strings as they are, anything else as JSON. */
export function encodeNotificationData(data: unknown): string {
  return typeof data === 'string' ? data : JSON.stringify(data);
}

/** A NotifyUser queue body, as the app's backend sends it: `{"userId","data"}`. */
export function decodeUserNotification(body: string): Result<UserNotification, InvalidNotification> {
  return parseUserNotification(parseJsonOrUndefined(body));
}

/** The NotifyConnection queue body, `{"connectionId","data"}`: the one writer every queue adapter uses. */
export function encodeConnectionNotification(notification: ConnectionNotification): string {
  return JSON.stringify({ connectionId: notification.connectionId, data: notification.data });
}

/** ...and its one reader. */
export function decodeConnectionNotification(body: string): Result<ConnectionNotification, InvalidNotification> {
  return parseConnectionNotification(parseJsonOrUndefined(body));
}

export function parseUserNotification(message: unknown): Result<UserNotification, InvalidNotification> {
  if (!isPlainObject(message)) return invalid('a NotifyUser message is a JSON object {"userId","data"}');
  if (!isNonEmptyString(message['userId'], MAX_USER_ID_LENGTH)) {
    return invalid(`userId must be a string of 1 to ${MAX_USER_ID_LENGTH} characters`);
  }
  const data = checkData(message['data']);
  if (!data.ok) return data;
  return ok({ userId: message['userId'], data: message['data'] });
}

export function parseConnectionNotification(message: unknown): Result<ConnectionNotification, InvalidNotification> {
  if (!isPlainObject(message)) return invalid('a NotifyConnection message is a JSON object {"connectionId","data"}');
  if (!isNonEmptyString(message['connectionId'], MAX_CONNECTION_ID_LENGTH)) {
    return invalid(`connectionId must be a string of 1 to ${MAX_CONNECTION_ID_LENGTH} characters`);
  }
  const data = checkData(message['data']);
  if (!data.ok) return data;
  return ok({ connectionId: message['connectionId'], data: message['data'] });
}

function checkData(data: unknown): Result<void, InvalidNotification> {
  if (data === undefined) return invalid('data is required');
  if (utf8Length(encodeNotificationData(data)) > MAX_NOTIFICATION_BYTES) {
    return invalid(`data must encode to at most ${MAX_NOTIFICATION_BYTES} bytes`);
  }
  return ok(undefined);
}

function invalid(message: string): { ok: false; error: InvalidNotification } {
  return err({ kind: 'InvalidNotification', message });
}
