import { createHash, createHmac } from 'node:crypto';

/** The application's Pusher credentials; the secret and master key never leave this process. */
export interface PusherAppCredentials {
  readonly appId: string;
  readonly key: string;
  readonly secret: string;
  /** 32 bytes; without it, private-encrypted channels cannot be authorized. */
  readonly encryptionMasterKey?: Uint8Array;
}

/** `<key>:<lowercase hex HMAC-SHA256(secret, stringToSign)>`, exactly as Pusher checks it. */
export function pusherAuthSignature(credentials: PusherAppCredentials, stringToSign: string): string {
  const hex = createHmac('sha256', credentials.secret).update(stringToSign, 'utf8').digest('hex');
  return `${credentials.key}:${hex}`;
}

/** Private-encrypted channels: base64(SHA-256(channel name bytes ‖ master key)). */
export function encryptedChannelSharedSecret(channelName: string, masterKey: Uint8Array): string {
  return createHash('sha256').update(Buffer.from(channelName, 'utf8')).update(masterKey).digest('base64');
}
