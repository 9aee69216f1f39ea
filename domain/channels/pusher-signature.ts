import { createHash, createHmac } from 'node:crypto';

/** The application's Pusher credentials; the secret and master key never leave this process. */
export interface PusherAppCredentials {
  readonly appId: string;
  readonly key: string;
  readonly secret: string;
  /** 32 bytes; without it, private-encrypted channels cannot be authorized. */
  readonly encryptionMasterKey?: Uint8Array;
}

/** Lower-case hex HMAC-SHA256 of UTF-8 text with the app secret: every signature Pusher uses (auth, HTTP API, webhooks). */
export function hmacSha256Hex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

/** `<key>:<lowercase hex HMAC-SHA256(secret, stringToSign)>`, exactly as Pusher checks it. */
export function pusherAuthSignature(credentials: PusherAppCredentials, stringToSign: string): string {
  return `${credentials.key}:${hmacSha256Hex(credentials.secret, stringToSign)}`;
}

/** Private-encrypted channels: base64(SHA-256(channel name bytes ‖ master key)). */
export function encryptedChannelSharedSecret(channelName: string, masterKey: Uint8Array): string {
  return createHash('sha256').update(Buffer.from(channelName, 'utf8')).update(masterKey).digest('base64');
}
