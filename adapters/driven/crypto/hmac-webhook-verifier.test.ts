import { createHmac } from 'node:crypto';
import Pusher from 'pusher';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_VECTOR } from '../../../test/vectors/pusher.ts';
import { PusherWebhookVerifier } from '../../../test/support/pusher-webhook-oracle.ts';
import { HmacWebhookVerifier } from './hmac-webhook-verifier.ts';

const { key: KEY, secret: SECRET, rawBody: BODY, signature: SIGNATURE } = WEBHOOK_VECTOR;
const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('hex');

const verifier = new HmacWebhookVerifier({ key: KEY, secret: SECRET });
// The oracle: the `pusher` package's own validation.
const oracle = new PusherWebhookVerifier(new Pusher({ appId: '1', key: KEY, secret: SECRET, cluster: 'mt1' }));

function request(overrides: { body?: string; key?: string | undefined; signature?: string | undefined; contentType?: string } = {}) {
  const headers: Record<string, string | undefined> = { 'x-pusher-key': KEY, 'x-pusher-signature': SIGNATURE, 'content-type': 'application/json' };
  if ('key' in overrides) headers['x-pusher-key'] = overrides.key;
  if ('signature' in overrides) headers['x-pusher-signature'] = overrides.signature;
  if (overrides.contentType !== undefined) headers['content-type'] = overrides.contentType;
  return { headers, rawBody: overrides.body ?? BODY };
}

const notJson = 'not json';
const notWebhook = '{"hello":"world"}';
const cases: [string, ReturnType<typeof request>][] = [
  ['the published vector', request()],
  ['with a charset', request({ contentType: 'application/json; charset=utf-8' })],
  ['in mixed case', request({ contentType: 'Application/JSON;charset=UTF-8' })],
  ['another key', request({ key: 'other-key' })],
  ['no key', request({ key: undefined })],
  ['one signature digit changed', request({ signature: SIGNATURE.replace('c', 'd') })],
  ['the signature in upper case', request({ signature: SIGNATURE.toUpperCase() })],
  ['half a signature', request({ signature: SIGNATURE.slice(0, 32) })],
  ['an empty signature', request({ signature: '' })],
  ['a changed body', request({ body: BODY.replace('vacated', 'occupied') })],
  ['text/plain', request({ contentType: 'text/plain' })],
  ['a signed body that is not JSON', request({ body: notJson, signature: sign(notJson) })],
  ['an unsigned body that is not JSON', request({ body: notJson })],
  ['a signed body that is not a webhook', request({ body: notWebhook, signature: sign(notWebhook) })],
  ['a signed null', request({ body: 'null', signature: sign('null') })],
  ['a signed webhook with an unnamed event', request({ body: '{"time_ms":1,"events":[{"channel":"a"},{"name":"channel_occupied","channel":"b"}]}', signature: sign('{"time_ms":1,"events":[{"channel":"a"},{"name":"channel_occupied","channel":"b"}]}') })],
];

describe('HmacWebhookVerifier (node:crypto) against the pusher package', () => {
  it('accepts the published vector and reads its events', () => {
    expect(verifier.verify(request())).toEqual({ ok: true, value: { timeMs: 1403175510755, events: [{ channel: 'test_channel', name: 'channel_vacated' }] } });
  });

  it.each(cases)('answers %s as the package does', (_name, input) => {
    expect(verifier.verify(input)).toEqual(oracle.verify(input));
  });

  it('refuses a webhook without X-Pusher-Signature (the package throws a TypeError on it)', () => {
    expect(() => oracle.verify(request({ signature: undefined }))).toThrow(TypeError);
    expect(verifier.verify(request({ signature: undefined }))).toMatchObject({ ok: false, error: { kind: 'InvalidSignature' } });
  });

  it('names what was wrong', () => {
    expect(verifier.verify(request({ key: 'other-key' }))).toEqual({ ok: false, error: { kind: 'InvalidSignature', message: 'the webhook key or X-Pusher-Signature is not valid' } });
    expect(verifier.verify(request({ contentType: 'text/plain' }))).toEqual({ ok: false, error: { kind: 'MalformedWebhook', message: 'webhooks are application/json' } });
  });
});
