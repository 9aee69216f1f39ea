import { createHmac } from 'node:crypto';
import Pusher from 'pusher';
import { describe, expect, it } from 'vitest';
import { InMemoryWebhookEventSink } from '../../adapters/driven/in-memory/in-memory-webhook-event-sink.ts';
import { ManualClock } from '../../adapters/driven/in-memory/manual-clock.ts';
import { PusherWebhookVerifier } from '../../adapters/driven/pusher/pusher-webhook-verifier.ts';
import { WEBHOOK_VECTOR } from '../../test/vectors/pusher.ts';
import { ReceiveWebhook, WEBHOOK_MAX_AGE_MS } from './receive-webhook.use-case.ts';

// The published vector, with its provenance, in test/vectors/pusher.ts.
const { key: KEY, secret: SECRET, rawBody: BODY, signature: SIGNATURE } = WEBHOOK_VECTOR;

function setup() {
  const clock = new ManualClock(1403175510755);
  const sink = new InMemoryWebhookEventSink();
  const pusher = new Pusher({ appId: '1', key: KEY, secret: SECRET, cluster: 'mt1' });
  return { clock, sink, receive: new ReceiveWebhook(new PusherWebhookVerifier(pusher), sink, clock) };
}

function request(overrides: { body?: string; key?: string; signature?: string; contentType?: string } = {}) {
  return {
    headers: { 'x-pusher-key': overrides.key ?? KEY, 'x-pusher-signature': overrides.signature ?? SIGNATURE, 'content-type': overrides.contentType ?? 'application/json' },
    rawBody: overrides.body ?? BODY,
  };
}

describe('ReceiveWebhook with the pusher package', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8'])('accepts the published vector as %s and hands its events on', async (contentType) => {
    const { receive, sink } = setup();
    expect(await receive.execute(request({ contentType }))).toEqual({ ok: true, value: { events: 1 } });
    expect(sink.deliveries).toEqual([{ timeMs: 1403175510755, events: [{ channel: 'test_channel', name: 'channel_vacated' }] }]);
  });

  it.each([
    [{ key: 'other-key' }, 'InvalidSignature'],
    [{ signature: SIGNATURE.replace('c', 'd') }, 'InvalidSignature'],
    [{ signature: SIGNATURE.slice(0, 32) }, 'InvalidSignature'],
    [{ signature: '' }, 'InvalidSignature'],
    [{ body: BODY.replace('vacated', 'occupied') }, 'InvalidSignature'],
    [{ contentType: 'text/plain' }, 'MalformedWebhook'],
  ])('refuses %j as %s, handing nothing on', async (overrides, kind) => {
    const { receive, sink } = setup();
    const result = await receive.execute(request(overrides));
    expect(result.ok || result.error.kind).toBe(kind);
    expect(sink.deliveries).toEqual([]);
  });

  it('refuses a correctly signed but stale webhook (a replay)', async () => {
    const { receive, clock, sink } = setup();
    clock.advance(WEBHOOK_MAX_AGE_MS + 1);
    const result = await receive.execute(request());
    expect(result.ok || result.error.kind).toBe('StaleWebhook');
    expect(sink.deliveries).toEqual([]);
  });

  it('refuses a correctly signed body that is not a webhook', async () => {
    const { receive } = setup();
    const body = '{"hello":"world"}';
    const signature = createHmac('sha256', SECRET).update(body).digest('hex');
    const result = await receive.execute(request({ body, signature }));
    expect(result.ok || result.error.kind).toBe('MalformedWebhook');
  });
});
