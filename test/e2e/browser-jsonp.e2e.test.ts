import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Pusher from 'pusher';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_STORAGES, startOn } from './support/local-storages.ts';
import type { LocalGateway } from '../../adapters/driving/local/local-gateway.ts';
import { closeServer, listenOnLoopback } from '../support/listen.ts';
import { findChromium } from './support/chromium.ts';
import { issueToken } from './support/clients.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** What the test page keeps on its window (the test's own tsconfig has no DOM types). */
interface PageState {
  __subscribed: string[];
  __errors: unknown[];
  __events: unknown[];
  __pwned?: number;
  document: { createElement(tag: string): { src: string; onload: () => void; onerror: () => void }; head: { appendChild(node: unknown): void } };
}

let gateway: LocalGateway;
let browser: Browser;
const pageServer = createServer((request, response) => {
  const file = request.url?.startsWith('/pusher.min.js') ? path.join(ROOT, 'node_modules/pusher-js/dist/web/pusher.min.js') : path.join(import.meta.dirname, 'browser/jsonp-page.html');
  response.writeHead(200, { 'content-type': file.endsWith('.js') ? 'application/javascript' : 'text/html' }).end(readFileSync(file));
});
let pageOrigin = '';

beforeAll(async () => {
  pageOrigin = await listenOnLoopback(pageServer);
  const found = await findChromium();
  console.log(`[browser] Chromium: ${found.source} (${found.executablePath})`);
  browser = await chromium.launch({ executablePath: found.executablePath, args: found.args });
});
afterAll(async () => {
  await browser?.close();
  await closeServer(pageServer);
});

describe.each(LOCAL_STORAGES)('with local mode\'s storage $label', (storage) => {
  beforeAll(async () => {
    gateway = await startOn(storage);
  });
  afterAll(async () => {
    await gateway?.close();
  });

  describe('pusher-js over JSONP in headless Chromium, auth endpoint on another origin', () => {
    it('subscribes to a private channel and receives an event; a denied subscription fails fast', async () => {
      const { access_token: token } = await issueToken(gateway.url, 'browser-user', { channels: 'private-chat-*' });
      const page = await browser.newPage();
      const query = new URLSearchParams({ gateway: gateway.url, key: 'local-key', wsHost: '127.0.0.1', wsPort: String(gateway.port), token, channels: 'private-chat-web,private-user-somebody-else' });
      expect(new URL(pageOrigin).port).not.toBe(String(gateway.port));
      const started = Date.now();
      await page.goto(`${pageOrigin}/?${query}`);
      await page.waitForFunction(() => (globalThis as unknown as PageState).__subscribed.includes('private-chat-web'), undefined, { timeout: 10_000 });
      await page.waitForFunction(() => (globalThis as unknown as PageState).__errors.length > 0, undefined, { timeout: 5_000 });
      console.log(`[browser] JSONP subscribe and denial settled ${Date.now() - started} ms after page load`);
      const errors = await page.evaluate(() => (globalThis as unknown as PageState).__errors);
      expect(errors).toEqual([{ channel: 'private-user-somebody-else', error: expect.objectContaining({ type: 'AuthError' }) }]);

      const server = new Pusher({ appId: '100001', key: 'local-key', secret: 'local-secret', host: '127.0.0.1', port: String(gateway.port), useTLS: false });
      await server.trigger('private-chat-web', 'hello', { from: 'server' });
      await page.waitForFunction(() => (globalThis as unknown as PageState).__events.length > 0, undefined, { timeout: 5_000 });
      expect(await page.evaluate(() => (globalThis as unknown as PageState).__events)).toEqual([{ channel: 'private-chat-web', data: { from: 'server' } }]);
      await page.close();
    });

    it('never runs a crafted callback', async () => {
      const { access_token: token } = await issueToken(gateway.url, 'browser-user', { channels: 'private-chat-*' });
      const page = await browser.newPage();
      await page.goto(`${pageOrigin}/?${new URLSearchParams({ gateway: gateway.url, key: 'local-key', wsHost: '127.0.0.1', wsPort: String(gateway.port), token, channels: '' })}`);
      for (const callback of ["window.__pwned=1;Pusher.auth_callbacks['1']", 'alert(1)//', "Pusher.auth_callbacks['1']);window.__pwned=1;//"]) {
        const src = `${gateway.url}/pusher/auth?${new URLSearchParams({ callback, socket_id: '1.2', channel_name: 'private-chat-web', token })}`;
        const outcome = await page.evaluate(
          (url) =>
            new Promise<string>((resolve) => {
              const { document } = globalThis as unknown as PageState;
              const script = document.createElement('script');
              script.src = url;
              script.onload = () => resolve('loaded');
              script.onerror = () => resolve('refused');
              document.head.appendChild(script);
            }),
          src,
        );
        expect(outcome).toBe('refused');
      }
      expect(await page.evaluate(() => (globalThis as unknown as PageState).__pwned)).toBeUndefined();
      await page.close();
    });
  });

  describe('the demo page at / in local mode', () => {
    it('signs in, shows the native connection and pusher-js side by side, and delivers a NotifyUser to both', async () => {
      const page = await browser.newPage();
      await page.goto(`${gateway.url}/`);
      await page.fill('#user', 'demo-user');
      await page.click('#signin button');
      await page.waitForFunction(() => (globalThis as unknown as DemoPage).document.getElementById('ws-state').textContent === 'open', undefined, { timeout: 10_000 });
      await page.click('#ping');
      await page.waitForFunction(() => (globalThis as unknown as DemoPage).document.getElementById('ws-log').textContent.includes('pong'), undefined, { timeout: 5_000 });
      await page.waitForFunction(() => (globalThis as unknown as DemoPage).document.getElementById('members').textContent.includes('demo-user'), undefined, { timeout: 5_000 });
      await page.fill('#notify-user', 'demo-user');
      await page.fill('#notify-data', '{"from":"the demo page"}');
      await page.click('#notify button');
      await page.waitForFunction(() => (globalThis as unknown as DemoPage).document.getElementById('ws-log').textContent.includes('the demo page'), undefined, { timeout: 5_000 });
      await page.waitForFunction(() => (globalThis as unknown as DemoPage).document.getElementById('pusher-log').textContent.includes('the demo page'), undefined, { timeout: 5_000 });
      const screenshot = path.join(tmpdir(), 'pushgate-demo-page.png');
      await page.screenshot({ path: screenshot });
      console.log(`[browser] demo page screenshot: ${screenshot}`);
      await page.close();
    });
  });

  interface DemoPage {
    document: { getElementById(id: string): { textContent: string } };
  }
});
