import { describe, expect, it } from 'vitest';
import { isPresenceChannel } from './channel-name.ts';

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
