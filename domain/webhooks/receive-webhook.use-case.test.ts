import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InMemoryWebhookEventSink } from '../../adapters/driven/in-memory/in-memory-webhook-event-sink.ts';
import { InMemoryReplayGuard } from '../../adapters/driven/in-memory/in-memory-replay-guard.ts';
import { ManualClock } from '../../adapters/driven/in-memory/manual-clock.ts';
import { HmacWebhookVerifier } from '../../adapters/driven/crypto/hmac-webhook-verifier.ts';
import { WEBHOOK_VECTOR } from '../../test/vectors/pusher.ts';
import { ReceiveWebhook, WEBHOOK_MAX_AGE_MS } from './receive-webhook.use-case.ts';

// The published vector, with its provenance, in test/vectors/pusher.ts.
const { key: KEY, secret: SECRET, rawBody: BODY, signature: SIGNATURE } = WEBHOOK_VECTOR;

function setup() {
  const clock = new ManualClock(1403175510755);
  const sink = new InMemoryWebhookEventSink();
  const replays = new InMemoryReplayGuard(clock);
  return { clock, sink, replays, receive: new ReceiveWebhook(new HmacWebhookVerifier({ key: KEY, secret: SECRET }), sink, clock, replays) };
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
    expect(await receive.execute(request({ contentType }))).toEqual({ ok: true, value: { events: 1, handedOn: true } });
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

  it('answers a replay inside the window like the first delivery, but hands its events on only once', async () => {
    const { receive, clock, sink } = setup();
    expect(await receive.execute(request())).toEqual({ ok: true, value: { events: 1, handedOn: true } });
    clock.advance(60_000);
    expect(await receive.execute(request())).toEqual({ ok: true, value: { events: 1, handedOn: false } });
    expect(sink.deliveries).toHaveLength(1);
  });

  it('hands on a different webhook in the same window', async () => {
    const { receive, sink } = setup();
    const other = '{"time_ms":1403175510755,"events":[{"channel":"other_channel","name":"channel_vacated"}]}';
    await receive.execute(request());
    expect(await receive.execute(request({ body: other, signature: createHmac('sha256', SECRET).update(other).digest('hex') }))).toMatchObject({ ok: true, value: { handedOn: true } });
    expect(sink.deliveries).toHaveLength(2);
  });

  it("forgets a webhook it could not hand on, so Pusher's retry is taken as new", async () => {
    const { receive, sink } = setup();
    const publish = sink.publish.bind(sink);
    sink.publish = async () => {
      throw new Error('the queue is down');
    };
    await expect(receive.execute(request())).rejects.toThrow('the queue is down');
    sink.publish = publish;
    expect(await receive.execute(request())).toEqual({ ok: true, value: { events: 1, handedOn: true } });
    expect(sink.deliveries).toHaveLength(1);
  });

  it('remembers a webhook only while it could still be accepted', async () => {
    const { receive, replays, clock } = setup();
    await receive.execute(request());
    expect(replays.size).toBe(1);
    clock.advance(WEBHOOK_MAX_AGE_MS + 1);
    await replays.firstSeen('another', clock.now() + 1000);
    expect(replays.size).toBe(1);
  });

  it('refuses a correctly signed body that is not a webhook', async () => {
    const { receive } = setup();
    const body = '{"hello":"world"}';
    const signature = createHmac('sha256', SECRET).update(body).digest('hex');
    const result = await receive.execute(request({ body, signature }));
    expect(result.ok || result.error.kind).toBe('MalformedWebhook');
  });
});
