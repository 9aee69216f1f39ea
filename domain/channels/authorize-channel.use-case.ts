import { err, ok, type Result } from '../shared/result.ts';
import type { VerifyAccessToken } from '../tokens/verify-access-token.use-case.ts';
import { mayJoin, type Principal } from './channel-access-policy.ts';
import { parseChannelName, type Channel } from './channel-name.ts';
import { encodePresenceChannelData, signChannel } from './pusher-protocol.ts';
import { encryptedChannelSharedSecret, type PusherAppCredentials } from './pusher-signature.ts';
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
  private readonly deps: { readonly verifyAccessToken: VerifyAccessToken; readonly credentials: PusherAppCredentials };

  constructor(verifyAccessToken: VerifyAccessToken, credentials: PusherAppCredentials) {
    this.deps = { verifyAccessToken, credentials };
  }

  async execute(input: AuthorizeChannelInput): Promise<Result<ChannelAuthorization, AuthorizeChannelError>> {
    const socketId = parseSocketId(input.socketId);
    if (!socketId.ok) return socketId;
    const channel = parseChannelName(input.channelName);
    if (!channel.ok) return channel;
    if (channel.value.kind === 'public' || channel.value.kind === 'server-to-user') {
      return err({ kind: 'ChannelNeedsNoAuthorization', message: `${channel.value.kind} channels are joined without authorization` });
    }
    const principal = await this.deps.verifyAccessToken.execute(input.accessToken);
    if (!principal.ok) return principal;
    if (!mayJoin(principal.value, channel.value)) {
      return err({ kind: 'Forbidden', message: `this user may not join ${channel.value.name}` });
    }
    return this.sign(socketId.value, channel.value, principal.value);
  }

  private sign(socketId: string, channel: Channel, principal: Principal): Result<ChannelAuthorization, AuthorizeChannelError> {
    switch (channel.kind) {
      case 'presence': {
        // Presence identity comes from the verified token, never from the request.
        const channelData = encodePresenceChannelData({ userId: principal.userId, ...(principal.userInfo === undefined ? {} : { userInfo: principal.userInfo }) });
        if (!channelData.ok) return err({ kind: 'InvalidPresenceData', message: channelData.error });
        return ok({ auth: signChannel(this.deps.credentials, socketId, channel.name, channelData.value), channel_data: channelData.value });
      }
      case 'private-encrypted': {
        const masterKey = this.deps.credentials.encryptionMasterKey;
        if (masterKey === undefined) {
          return err({ kind: 'EncryptionNotConfigured', message: 'encrypted channels are not enabled on this server' });
        }
        return ok({ auth: signChannel(this.deps.credentials, socketId, channel.name), shared_secret: encryptedChannelSharedSecret(channel.name, masterKey) });
      }
      default:
        return ok({ auth: signChannel(this.deps.credentials, socketId, channel.name) });
    }
  }
}
