import { isPresenceChannel } from '../../../domain/channels/channel-name.ts';
import type { PresenceMember } from '../../../domain/channels/pusher-protocol.ts';
import type { ChannelSummary, SubscriptionRegistry } from '../../../domain/realtime/subscription-registry.port.ts';

/** Channels → sockets (with each socket's presence member), plus socket → channels for disconnects. */
export class InMemorySubscriptionRegistry implements SubscriptionRegistry {
  private readonly channelSockets = new Map<string, Map<string, PresenceMember | undefined>>();
  private readonly socketChannels = new Map<string, Set<string>>();

  async add(socketId: string, channel: string, member?: PresenceMember): Promise<{ memberJoined: boolean }> {
    const sockets = this.channelSockets.get(channel) ?? new Map<string, PresenceMember | undefined>();
    const alreadyPresent = member !== undefined && [...sockets.entries()].some(([other, present]) => other !== socketId && present?.userId === member.userId);
    sockets.set(socketId, member);
    this.channelSockets.set(channel, sockets);
    const channels = this.socketChannels.get(socketId) ?? new Set<string>();
    channels.add(channel);
    this.socketChannels.set(socketId, channels);
    return { memberJoined: member !== undefined && !alreadyPresent };
  }

  async remove(socketId: string, channel: string): Promise<{ wasSubscribed: boolean; memberLeft?: PresenceMember }> {
    const sockets = this.channelSockets.get(channel);
    if (sockets === undefined || !sockets.has(socketId)) return { wasSubscribed: false };
    const member = sockets.get(socketId);
    sockets.delete(socketId);
    if (sockets.size === 0) this.channelSockets.delete(channel);
    const channels = this.socketChannels.get(socketId);
    channels?.delete(channel);
    if (channels?.size === 0) this.socketChannels.delete(socketId);
    const stillPresent = member !== undefined && [...(sockets.values())].some((present) => present?.userId === member.userId);
    return member === undefined || stillPresent ? { wasSubscribed: true } : { wasSubscribed: true, memberLeft: member };
  }

  async removeSocket(socketId: string): Promise<{ channel: string; memberLeft?: PresenceMember }[]> {
    const departures: { channel: string; memberLeft?: PresenceMember }[] = [];
    for (const channel of [...(this.socketChannels.get(socketId) ?? [])]) {
      const { memberLeft } = await this.remove(socketId, channel);
      departures.push(memberLeft === undefined ? { channel } : { channel, memberLeft });
    }
    return departures;
  }

  async isSubscribed(socketId: string, channel: string): Promise<boolean> {
    return this.channelSockets.get(channel)?.has(socketId) ?? false;
  }

  async subscriptionCount(socketId: string): Promise<number> {
    return this.socketChannels.get(socketId)?.size ?? 0;
  }

  async subscribers(channel: string): Promise<string[]> {
    return [...(this.channelSockets.get(channel)?.keys() ?? [])];
  }

  async members(channel: string): Promise<PresenceMember[]> {
    const unique = new Map<string, PresenceMember>();
    for (const member of this.channelSockets.get(channel)?.values() ?? []) if (member !== undefined && !unique.has(member.userId)) unique.set(member.userId, member);
    return [...unique.values()];
  }

  async memberOf(socketId: string, channel: string): Promise<PresenceMember | undefined> {
    return this.channelSockets.get(channel)?.get(socketId);
  }

  async channels(): Promise<ChannelSummary[]> {
    return Promise.all(
      [...this.channelSockets.entries()].map(async ([name, sockets]) =>
        isPresenceChannel(name) ? { name, subscriptionCount: sockets.size, userCount: (await this.members(name)).length } : { name, subscriptionCount: sockets.size },
      ),
    );
  }
}
