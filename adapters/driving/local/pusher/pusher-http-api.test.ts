import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pusherRequestSignature } from './pusher-http-api.ts';

describe('pusherRequestSignature', () => {
  it('matches the worked example of the Pusher HTTP API reference', () => {
    const body = '{"name":"foo","channels":["project-3"],"data":"{\\"some\\":\\"data\\"}"}';
    const bodyMd5 = createHash('md5').update(body).digest('hex');
    expect(bodyMd5).toBe('ec365a775a4cd0599faeb73354201b6f');
    const params: [string, string][] = [['auth_key', '278d425bdf160c739803'], ['auth_timestamp', '1353088179'], ['auth_version', '1.0'], ['body_md5', bodyMd5]];
    expect(pusherRequestSignature('POST', '/apps/3/events', params, '7ad3773142a6692b25b8')).toBe('da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c');
    expect(pusherRequestSignature('POST', '/apps/3/events', [...params].reverse(), '7ad3773142a6692b25b8')).toBe('da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c');
  });
});
