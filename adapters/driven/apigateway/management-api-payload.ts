import { MAX_NOTIFICATION_BYTES } from '../../../domain/notifications/notification.ts';

export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

/** A message's bytes as PostToConnection carries them; over API Gateway's limit it is refused before any call. */
export function managementApiPayload(payload: string): Buffer {
  const data = Buffer.from(payload, 'utf8');
  if (data.byteLength > MAX_NOTIFICATION_BYTES) {
    throw new PayloadTooLargeError(`the message is ${data.byteLength} bytes; API Gateway accepts at most ${MAX_NOTIFICATION_BYTES}`);
  }
  return data;
}
