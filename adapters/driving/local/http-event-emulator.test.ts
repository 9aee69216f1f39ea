import { describe, expect, it } from 'vitest';
import { routeMatches, routePathMatches } from './http-event-emulator.ts';

describe("local mode's route matching, as API Gateway's", () => {
  it.each([
    ['POST /token', '/token', true],
    ['POST /token', '/token/revoke', false],
    ['GET /apps/{appId}/channels', '/apps/1/channels', true],
    ['GET /apps/{appId}/channels/{channelName}', '/apps/1/channels/presence-a', true],
    ['GET /apps/{appId}/channels/{channelName}', '/apps/1/channels/', false],
    ['GET /apps/{appId}/channels/{channelName}', '/apps/1/channels/a/users', false],
    ['GET /apps/{appId}/channels/{channelName}/users', '/apps/1/channels/a/users', true],
    ['GET /apps/{appId}/channels', '/apps//channels', false],
    ['GET /apps/{appId}/channels', '/apps/1/channels/', false],
  ])('%s takes %s: %s', (routeKey, pathname, expected) => {
    expect(routePathMatches(routeKey, pathname)).toBe(expected);
  });

  it('matches the method too', () => {
    expect(routeMatches('POST /apps/{appId}/events', 'POST', '/apps/1/events')).toBe(true);
    expect(routeMatches('POST /apps/{appId}/events', 'GET', '/apps/1/events')).toBe(false);
    expect(routeMatches('POST /apps/{appId}/events', 'POS', '/apps/1/events')).toBe(false);
  });
});
