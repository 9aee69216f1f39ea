import { describe, expect, it } from 'vitest';
import { isCacheChannel, isPresenceChannel, parseChannelName } from './channel-name.ts';

describe('isPresenceChannel', () => {
  it.each([
    ['presence-lobby', true],
    ['presence-user-alice', true],
    ['private-presence-x', false],
    ['presence-', true],
    ['presence-bad name', false],
    ['#server-to-user-presence-x', false],
    ['lobby', false],
    [7, false],
  ])('%j: %s', (name, expected) => {
    expect(isPresenceChannel(name)).toBe(expected);
  });
});

describe('cache channels', () => {
  it.each([
    ['cache-location', 'public', true],
    ['private-cache-car', 'private', true],
    ['private-encrypted-cache-vault', 'private-encrypted', true],
    ['presence-cache-room', 'presence', true],
    ['cache-', 'public', true],
    ['private-encrypted-x', 'private-encrypted', false],
    ['cached-news', 'public', false],
    ['private-cached', 'private', false],
    ['presence-x-cache-y', 'presence', false],
    ['#server-to-user-cache-ann', 'server-to-user', false],
  ])('%j is a %s channel, cache: %s', (name, kind, cache) => {
    expect(parseChannelName(name)).toEqual({ ok: true, value: { name, kind, cache } });
    expect(isCacheChannel(name)).toBe(cache);
  });
});
