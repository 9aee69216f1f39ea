import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ServerResponse } from 'node:http';
import { scriptSafeJson } from '../lambda/http-response.ts';

const DEMO_PAGE = new URL('./demo-page.html', import.meta.url);

/** Everything local mode serves to a browser as a page or a script. */
export const DEMO_PATHS = { page: '/', pusherJs: '/demo/pusher.min.js' } as const;

/**
 * The demo page at `/`: sign in, watch the native WebSocket and pusher-js side by side, send a
 * NotifyUser. It carries the app key only: its tokens come from `POST /local/demo-token`, and no
 * secret is ever served to a browser.
 */
export function writeDemoPage(response: ServerResponse, config: { readonly key: string }): void {
  const html = readFileSync(DEMO_PAGE, 'utf8').replace(`<script src="${DEMO_PATHS.pusherJs}">`, `<script id="pushgate-config" type="application/json">${scriptSafeJson({ key: config.key })}</script>\n<script src="${DEMO_PATHS.pusherJs}">`);
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }).end(html);
}

/** pusher-js's web build, from the project's own dependencies. */
export function writePusherJs(response: ServerResponse): void {
  const file = createRequire(import.meta.url).resolve('pusher-js/dist/web/pusher.min.js');
  response.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8', 'x-content-type-options': 'nosniff' }).end(readFileSync(file));
}
