import { describe, expect, it } from 'vitest';
import { decodeChannelDeliveryChunk, encodeChannelDeliveryChunk, MAX_CHUNK_BYTES, MAX_CHUNK_SOCKETS, parseChannelDeliveryChunk } from './channel-delivery-chunk.ts';

describe('the channel delivery chunk codec', () => {
  it('writes {"message","socketIds"} and reads back what it wrote', () => {
    const chunk = { message: { event: 'client-typing', channel: 'presence-room', data: { a: [1] }, userId: 'ann' }, socketIds: ['16.123', '16.456'] };
    expect(encodeChannelDeliveryChunk(chunk)).toBe('{"message":{"event":"client-typing","channel":"presence-room","data":{"a":[1]},"userId":"ann"},"socketIds":["16.123","16.456"]}');
    expect(decodeChannelDeliveryChunk(encodeChannelDeliveryChunk(chunk))).toEqual({ ok: true, value: chunk });
  });

  it('writes only the fields of a message, and data JSON cannot hold as null', () => {
    const chunk = { message: { event: 'e', data: undefined, extra: true } as never, socketIds: ['1.1'], extra: 1 } as never;
    expect(encodeChannelDeliveryChunk(chunk)).toBe('{"message":{"event":"e","data":null},"socketIds":["1.1"]}');
  });

  it('takes the core\'s own pusher_internal: events, which apps may not publish', () => {
    const body = encodeChannelDeliveryChunk({ message: { event: 'pusher_internal:member_added', channel: 'presence-r', data: { user_id: 'bob' } }, socketIds: ['1.1'] });
    expect(decodeChannelDeliveryChunk(body).ok).toBe(true);
  });

  it.each([['not json'], [''], ['null'], ['[]'], ['{"message":{"event":"e","data":1}}'], [`{"message":{"event":"e","data":"${'x'.repeat(MAX_CHUNK_BYTES)}"},"socketIds":["1.1"]}`]])(
    'refuses the body %#, saying why, as data',
    (body) => {
      const result = decodeChannelDeliveryChunk(body);
      expect(result.ok || result.error).toEqual({ kind: 'InvalidChannelDeliveryChunk', message: expect.any(String) });
    },
  );

  it.each([
    ['no message', { socketIds: ['1.1'] }, /message must be/],
    ['an event that is no string', { message: { event: 7, data: 1 }, socketIds: ['1.1'] }, /message\.event/],
    ['an empty event', { message: { event: '', data: 1 }, socketIds: ['1.1'] }, /message\.event/],
    ['a channel no one could subscribe to', { message: { event: 'e', channel: 'bad channel', data: 1 }, socketIds: ['1.1'] }, /message\.channel/],
    ['no data', { message: { event: 'e' }, socketIds: ['1.1'] }, /message\.data is required/],
    ['an empty user id', { message: { event: 'e', data: 1, userId: '' }, socketIds: ['1.1'] }, /message\.userId/],
    ['no socket', { message: { event: 'e', data: 1 }, socketIds: [] }, /1 to 200 socket ids/],
    ['socketIds that are no list', { message: { event: 'e', data: 1 }, socketIds: '1.1' }, /1 to 200 socket ids/],
    ['too many sockets', { message: { event: 'e', data: 1 }, socketIds: Array.from({ length: MAX_CHUNK_SOCKETS + 1 }, (_, index) => `1.${index}`) }, /1 to 200 socket ids/],
    ['a socket id that is not digits.digits', { message: { event: 'e', data: 1 }, socketIds: ['1.1', 'f97yeeMZDoECGqg='] }, /"f97yeeMZDoECGqg=", which is no socket id/],
    ['a socket id that is no string', { message: { event: 'e', data: 1 }, socketIds: [11] }, /11, which is no socket id/],
  ])('refuses a chunk with %s', (_, chunk, reason) => {
    const result = parseChannelDeliveryChunk(chunk);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(reason);
  });
});
