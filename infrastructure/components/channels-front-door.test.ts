import { describe, expect, it } from 'vitest';
import { channelsRewriteCode } from './channels-front-door.ts';

interface ViewerRequest {
  uri: string;
  querystring: Record<string, { value: string }>;
}

/** Runs the CloudFront Function's code as CloudFront would: a `handler(event)` over the viewer request. */
function runRewrite(stageName: string, uri: string, querystring: Record<string, { value: string }> = {}): ViewerRequest | { statusCode: number } {
  const handler = new Function(`${channelsRewriteCode(stageName)}\nreturn handler;`)() as (event: { request: ViewerRequest }) => ViewerRequest | { statusCode: number };
  return handler({ request: { uri, querystring } });
}

describe('the channels front door (CloudFront Function)', () => {
  it('sends /app/<key> to the stage root with the key in app_key, keeping pusher-js\'s own query', () => {
    expect(runRewrite('staging', '/app/app-key', { protocol: { value: '7' }, client: { value: 'js' } })).toEqual({
      uri: '/staging',
      querystring: { protocol: { value: '7' }, client: { value: 'js' }, app_key: { value: 'app-key' } },
    });
  });

  it('overrides an app_key the client sent, and answers any other path 404', () => {
    expect(runRewrite('production', '/app/real', { app_key: { value: 'forged' } })).toMatchObject({ querystring: { app_key: { value: 'real' } } });
    for (const uri of ['/', '/staging', '/app/', '/app/a/b', '/apps/1/events', '/app/key/', '//app/key', '/APP/key', '/app/../staging', '/staging/app/key', '/@connections/abc']) {
      expect(runRewrite('staging', uri), uri).toEqual({ statusCode: 404, statusDescription: 'Not Found' });
    }
  });

  it('passes an odd key on as it came (still percent-encoded), for channels-connect to refuse with 4001', () => {
    for (const key of ['key%2Fx', '%zz', `${'k'.repeat(2000)}`, "';alert(1)"]) expect(runRewrite('staging', `/app/${key}`)).toMatchObject({ uri: '/staging', querystring: { app_key: { value: key } } });
  });

  it('refuses a stage name it could not put in a path', () => {
    expect(() => channelsRewriteCode("x'; evil")).toThrow(/cannot be put in a path/);
  });
});
