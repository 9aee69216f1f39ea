import { describe, expect, it } from 'vitest';
import {
  decodeConnectionNotification,
  decodeUserNotification,
  encodeConnectionNotification,
  MAX_NOTIFICATION_BYTES,
  parseConnectionNotification,
  parseUserNotification,
} from './notification.ts';

describe('the NotifyConnection codec', () => {
  it('writes {"connectionId","data"} and reads back what it wrote', () => {
    const notification = { connectionId: 'f97yeeMZDoECGqg=', data: { hello: ['world'] } };
    expect(encodeConnectionNotification(notification)).toBe('{"connectionId":"f97yeeMZDoECGqg=","data":{"hello":["world"]}}');
    expect(decodeConnectionNotification(encodeConnectionNotification(notification))).toEqual({ ok: true, value: notification });
    expect(decodeConnectionNotification(encodeConnectionNotification({ connectionId: 'c', data: 'text' }))).toEqual({ ok: true, value: { connectionId: 'c', data: 'text' } });
  });

  it('writes only the two fields, whatever else the object carries', () => {
    expect(encodeConnectionNotification({ connectionId: 'c', data: 1, extra: true } as never)).toBe('{"connectionId":"c","data":1}');
  });

  it.each([['not json'], [''], ['null'], ['[]'], ['{"connectionId":"c"}']])('refuses the body %j as data', (body) => {
    const result = decodeConnectionNotification(body);
    expect(result.ok || result.error.kind).toBe('InvalidNotification');
  });

  it.each([
    [null],
    ['{"connectionId":"c"}'],
    [{ connectionId: '', data: 1 }],
    [{ connectionId: 'c' }],
    [{ connectionId: 'c', data: 'x'.repeat(MAX_NOTIFICATION_BYTES + 1) }],
  ])('refuses the malformed message $0 as data', (message) => {
    const result = parseConnectionNotification(message);
    expect(result.ok || result.error.kind).toBe('InvalidNotification');
  });
});

describe('the NotifyUser decoder', () => {
  it('reads {"userId","data"}', () => {
    expect(decodeUserNotification('{"userId":"alice","data":{"a":1}}')).toEqual({ ok: true, value: { userId: 'alice', data: { a: 1 } } });
  });

  it.each([['not json'], ['{"userId":"alice"}'], ['"text"']])('refuses the body %j as data', (body) => {
    const result = decodeUserNotification(body);
    expect(result.ok || result.error.kind).toBe('InvalidNotification');
  });

  it.each([[undefined], [{ userId: 'alice' }], [{ userId: 7, data: 1 }], [{ userId: '', data: 1 }], ['text']])('refuses %j as data', (message) => {
    const result = parseUserNotification(message);
    expect(result.ok || result.error.kind).toBe('InvalidNotification');
  });
});
