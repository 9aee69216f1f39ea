import type Pusher from 'pusher';
import { describe, expect, it } from 'vitest';
import { PusherUserSocketsTerminator } from './pusher-user-sockets-terminator.ts';

describe('PusherUserSocketsTerminator', () => {
  it("calls terminate_connections for the user, loading the client once and only when first needed", async () => {
    const terminated: string[] = [];
    let loads = 0;
    const terminator = new PusherUserSocketsTerminator(async () => {
      loads += 1;
      return { terminateUserConnections: async (userId: string) => void terminated.push(userId) } as unknown as Pusher;
    });
    expect(loads).toBe(0);
    await terminator.terminateUser('alice');
    await terminator.terminateUser('bob');
    expect(terminated).toEqual(['alice', 'bob']);
    expect(loads).toBe(1);
  });

  it('fails loudly when Pusher refuses, so a revocation is not reported complete', async () => {
    const terminator = new PusherUserSocketsTerminator(async () => ({ terminateUserConnections: async () => Promise.reject(new Error('401 Unauthorized')) }) as unknown as Pusher);
    await expect(terminator.terminateUser('alice')).rejects.toThrow('401 Unauthorized');
  });
});
