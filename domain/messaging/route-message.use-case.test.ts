import { describe, expect, it } from 'vitest';
import { TEST_ACTION_MESSAGE } from '../../adapters/driving/lambda/test-action-reply.ts';
import { makeTestDomain } from '../../test/support/test-domain.ts';
import { AuthorizeConnection } from '../connections/authorize-connection.use-case.ts';
import { RegisterConnection } from '../connections/register-connection.use-case.ts';
import type { WebSocketAuthMode } from './actions.ts';
import { RouteMessage, type MessageAuthorization } from './route-message.use-case.ts';

async function setup(authMode: WebSocketAuthMode = 'connect', userId: string | null = 'alice') {
  const domain = makeTestDomain();
  const authorization: MessageAuthorization =
    authMode === 'connect' ? { mode: 'connect' } : { mode: 'action', authorizeConnection: new AuthorizeConnection(domain.registry, domain.verifyAccessToken, domain.clock) };
  const routeMessage = new RouteMessage({ notifier: domain.notifier, registry: domain.registry, clock: domain.clock, authorization, testMessage: TEST_ACTION_MESSAGE });
  await new RegisterConnection(domain.registry, domain.clock).execute({ connectionId: 'conn-1', userId: userId ?? undefined });
  domain.notifier.open('conn-1');
  const send = (body: string | undefined) => routeMessage.execute({ connectionId: 'conn-1', body });
  const replies = () => domain.notifier.received('conn-1').map((reply) => JSON.parse(reply));
  return { ...domain, send, replies };
}

describe('RouteMessage', () => {
  it('answers ping with pong', async () => {
    const { send, replies } = await setup();
    expect(await send('{"action":"ping"}')).toEqual({ ok: true, value: { action: 'ping', reply: { type: 'pong' }, delivery: 'delivered' } });
    expect(replies()).toEqual([{ type: 'pong' }]);
  });

  it('pushes the test message back', async () => {
    const { send, replies } = await setup();
    await send('{"action":"test"}');
    expect(replies()).toEqual([{ message: 'This response was pushed from my Lambda.' }]);
  });

  it.each([
    ['{"action":"dance"}', 'not_implemented', /"dance"/],
    ['not json', 'bad_request', /JSON/],
    [undefined, 'bad_request', /JSON/],
    ['[1]', 'bad_request', /JSON/],
    ['{"action":5}', 'bad_request', /action/],
    ['{"nothing":true}', 'bad_request', /action/],
    ['{"action":"authorize","token":"x"}', 'bad_request', /when they connect/],
  ])('answers %j with %s, to the client too', async (body, code, message) => {
    const { send, replies } = await setup();
    const result = await send(body);
    expect(result.ok || result.error).toMatchObject({ kind: 'Rejected', code, message: expect.stringMatching(message) });
    expect(replies()).toEqual([{ type: 'error', error: code, message: expect.stringMatching(message) }]);
  });

  it('forgets the connection when the reply finds it gone', async () => {
    const { send, notifier, registry, clock } = await setup();
    notifier.close('conn-1');
    expect(await send('{"action":"ping"}')).toMatchObject({ ok: true, value: { delivery: 'gone' } });
    expect(await registry.find('conn-1', clock.now())).toBeUndefined();
  });

  describe('in action auth mode', () => {
    it('refuses everything until the connection authorizes, then serves it', async () => {
      const { send, replies, accessTokenFor } = await setup('action', null);
      expect(await send('{"action":"ping"}')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      expect(await send('{"action":"authorize","token":"forged"}')).toMatchObject({ ok: false, error: { code: 'invalid_token' } });
      const token = await accessTokenFor('alice');
      expect(await send(JSON.stringify({ action: 'authorize', token }))).toMatchObject({ ok: true, value: { reply: { type: 'authorized', userId: 'alice' } } });
      expect(await send('{"action":"ping"}')).toMatchObject({ ok: true, value: { reply: { type: 'pong' } } });
      expect(replies().map((reply) => reply.type)).toEqual(['error', 'error', 'authorized', 'pong']);
    });
  });
});
