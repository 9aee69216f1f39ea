import { describe, expect, it } from 'vitest';
import { mayJoin } from './channel-access-policy.ts';
import { parseChannelName } from './channel-name.ts';

function joins(patterns: string[], channelName: string): boolean {
  const channel = parseChannelName(channelName);
  if (!channel.ok) throw new Error(channel.error.message);
  return mayJoin({ userId: 'alice', channels: patterns }, channel.value);
}

describe('encrypted channels and token patterns', () => {
  it.each([['private-*'], ['*'], ['private-*-1'], ['*-secret']])('%j grants private channels but never an encrypted one (nor its shared secret)', (pattern) => {
    expect(joins([pattern], 'private-encrypted-secret')).toBe(false);
    if (pattern === 'private-*') expect(joins([pattern], 'private-chat')).toBe(true);
  });

  it.each([['private-encrypted-*'], ['private-encrypted-sec*'], ['private-encrypted-secret']])('%j, which names encrypted channels, grants one', (pattern) => {
    expect(joins([pattern], 'private-encrypted-secret')).toBe(true);
  });

  it("still gives alice her own encrypted channel, and nobody else's", () => {
    expect(joins([], 'private-encrypted-user-alice')).toBe(true);
    expect(joins(['private-encrypted-*'], 'private-encrypted-user-bob')).toBe(false);
  });
});
