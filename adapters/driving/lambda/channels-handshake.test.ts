import { describe, expect, it } from 'vitest';
import type { RealtimeMessage } from '../../../domain/realtime/realtime-delivery.port.ts';
import { socketIdOf } from '../../../domain/channels/socket-id.ts';
import { recordingObservability } from '../../../test/support/recording-observability.ts';
import { makeChannelsHandshakeHandler } from './channels-handshake.ts';

/** A channels API whose connection answers 410 for its first `goneFor` posts, as one whose `$connect` has not returned yet. */
function channelsApi(goneFor: number) {
  const posted: { socketId: string; message: RealtimeMessage }[] = [];
  const closed: string[] = [];
  let attempts = 0;
  return {
    posted,
    closed,
    attempts: () => attempts,
    delivery: {
      deliver: async (socketId: string, message: RealtimeMessage) => {
        attempts += 1;
        if (attempts <= goneFor) return 'gone' as const;
        posted.push({ socketId, message });
        return 'delivered' as const;
      },
    },
    closer: { close: async (socketId: string) => void closed.push(socketId) },
  };
}

const handshake = (api: ReturnType<typeof channelsApi>) =>
  makeChannelsHandshakeHandler({ delivery: api.delivery, closer: api.closer, activityTimeoutSeconds: 120, delaysMs: [1, 1, 1], ...recordingObservability().observability });

describe('channels-handshake', () => {
  it('greets the socket with its id and the activity timeout, retrying while API Gateway still answers 410', async () => {
    const api = channelsApi(2);
    expect(await handshake(api)({ connectionId: 'abc=' })).toEqual({ outcome: 'established' });
    expect(api.attempts()).toBe(3);
    expect(api.posted).toEqual([{ socketId: socketIdOf('abc='), message: { event: 'pusher:connection_established', data: { socket_id: socketIdOf('abc='), activity_timeout: 120 } } }]);
    expect(api.closed).toEqual([]);
  });

  it('sends a refusal as the first frame, then deletes the connection', async () => {
    const api = channelsApi(0);
    expect(await handshake(api)({ connectionId: 'abc=', refusal: { code: 4001, message: 'App key x does not exist' } })).toEqual({ outcome: 'refused' });
    expect(api.posted.map((entry) => entry.message)).toEqual([{ event: 'pusher:error', data: { code: 4001, message: 'App key x does not exist' } }]);
    expect(api.closed).toEqual([socketIdOf('abc=')]);
  });

  it('gives up when the client left before it could be greeted, and drops an event that is not a handshake', async () => {
    const api = channelsApi(100);
    expect(await handshake(api)({ connectionId: 'abc=' })).toEqual({ outcome: 'gone' });
    expect(api.attempts()).toBe(4);
    for (const event of [undefined, {}, { connectionId: '' }, { connectionId: 'a', refusal: { code: 'x' } }]) expect(await handshake(channelsApi(0))(event)).toEqual({ outcome: 'invalid' });
  });
});
