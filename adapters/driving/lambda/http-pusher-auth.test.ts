import { describe, expect, it } from 'vitest';
import { isAllowedJsonpCallback } from './http-pusher-auth.ts';

describe('the JSONP callback allowlist', () => {
  it.each(["Pusher.auth_callbacks['1']", "Pusher.auth_callbacks['4294967295']"])('takes pusher-js\'s own %j', (callback) => {
    expect(isAllowedJsonpCallback(callback)).toBe(true);
  });

  it.each(['location.assign', 'opener.postMessage', 'window.open', 'alert', 'Pusher.auth_callbacks', "Pusher.auth_callbacks['x']", "Pusher.auth_callbacks['']", "Pusher.auth_callbacks[\"1\"]", "Pusher.auth_callbacks['12345678901']"])(
    'refuses %j, which would call a function of the page\'s choice',
    (callback) => {
      expect(isAllowedJsonpCallback(callback)).toBe(false);
    },
  );
});
