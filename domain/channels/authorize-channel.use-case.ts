import { err, ok, type Result } from '../shared/result.ts';
import { utf8Length } from '../shared/validation.ts';
import { MAX_USER_ID_LENGTH, MAX_USER_INFO_BYTES } from '../tokens/access-token.ts';
import type { VerifyAccessToken } from '../tokens/verify-access-token.use-case.ts';
import { mayJoin, type Principal } from './channel-access-policy.ts';
import { parseChannelName, type Channel } from './channel-name.ts';
import { encryptedChannelSharedSecret, pusherAuthSignature, type PusherAppCredentials } from './pusher-signature.ts';
import { parseSocketId } from './socket-id.ts';

export interface AuthorizeChannelInput {
  readonly accessToken: unknown;
  readonly socketId: unknown;
  readonly channelName: unknown;
}

/** Exactly the shapes pusher-js expects back from an auth endpoint. */
export type ChannelAuthorization =
  | { readonly auth: string }
  | { readonly auth: string; readonly channel_data: string }
  | { readonly auth: string; readonly shared_secret: string };

export type AuthorizeChannelError =
  | { readonly kind: 'InvalidSocketId'; readonly message: string }
  | { readonly kind: 'InvalidChannelName'; readonly message: string }
  | { readonly kind: 'ChannelNeedsNoAuthorization'; readonly message: string }
  | { readonly kind: 'InvalidToken'; readonly message: string }
  | { readonly kind: 'Forbidden'; readonly message: string }
  | { readonly kind: 'InvalidPresenceData'; readonly message: string }
  | { readonly kind: 'EncryptionNotConfigured'; readonly message: string };

/** Signs a private, presence or private-encrypted subscription for the bearer of a valid token. */
export class AuthorizeChannel {
  private readonly verifyAccessToken: VerifyAccessToken;
  private readonly credentials: PusherAppCredentials;

  constructor(verifyAccessToken: VerifyAccessToken, credentials: PusherAppCredentials) {
    this.verifyAccessToken = verifyAccessToken;
    this.credentials = credentials;
  }

  async execute(input: AuthorizeChannelInput): Promise<Result<ChannelAuthorization, AuthorizeChannelError>> {
    const socketId = parseSocketId(input.socketId);
    if (!socketId.ok) return socketId;
    const channel = parseChannelName(input.channelName);
    if (!channel.ok) return channel;
    if (channel.value.kind === 'public' || channel.value.kind === 'server-to-user') {
      return err({ kind: 'ChannelNeedsNoAuthorization', message: `${channel.value.kind} channels are joined without authorization` });
    }
    const principal = await this.verifyAccessToken.execute(input.accessToken);
    if (!principal.ok) return principal;
    if (!mayJoin(principal.value, channel.value)) {
      return err({ kind: 'Forbidden', message: `this user may not join ${channel.value.name}` });
    }
    return this.sign(socketId.value, channel.value, principal.value);
  }

  private sign(socketId: string, channel: Channel, principal: Principal): Result<ChannelAuthorization, AuthorizeChannelError> {
    const plainStringToSign = `${socketId}:${channel.name}`;
    switch (channel.kind) {
      case 'presence': {
        const channelData = presenceChannelData(principal);
        if (!channelData.ok) return channelData;
        return ok({ auth: pusherAuthSignature(this.credentials, `${plainStringToSign}:${channelData.value}`), channel_data: channelData.value });
      }
      case 'private-encrypted': {
        const masterKey = this.credentials.encryptionMasterKey;
        if (masterKey === undefined) {
          return err({ kind: 'EncryptionNotConfigured', message: 'encrypted channels are not enabled on this server' });
        }
        return ok({ auth: pusherAuthSignature(this.credentials, plainStringToSign), shared_secret: encryptedChannelSharedSecret(channel.name, masterKey) });
      }
      default:
        return ok({ auth: pusherAuthSignature(this.credentials, plainStringToSign) });
    }
  }
}

/** Presence identity comes from the verified token, never from the request. */
function presenceChannelData(principal: Principal): Result<string, AuthorizeChannelError> {
  if (principal.userId.length > MAX_USER_ID_LENGTH) {
    return err({ kind: 'InvalidPresenceData', message: `presence user ids are at most ${MAX_USER_ID_LENGTH} characters` });
  }
  const userInfo = principal.userInfo;
  if (userInfo !== undefined && utf8Length(JSON.stringify(userInfo)) > MAX_USER_INFO_BYTES) {
    return err({ kind: 'InvalidPresenceData', message: `presence user_info is over ${MAX_USER_INFO_BYTES} bytes` });
  }
  return ok(JSON.stringify(userInfo === undefined ? { user_id: principal.userId } : { user_id: principal.userId, user_info: userInfo }));
}
