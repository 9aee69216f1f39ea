import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ServerResponse } from 'node:http';
import { scriptSafeJson } from '../lambda/http-response.ts';

const DEMO_PAGE = new URL('./demo-page.html', import.meta.url);

/**
 * The demo page at `/`: sign in, watch the native WebSocket and pusher-js side by side, send a
 * NotifyUser. It carries the local dev credentials (printed at startup anyway; local mode only).
 */
export function writeDemoPage(response: ServerResponse, config: { key: string; secret: string; appId: string }): void {
  const html = readFileSync(DEMO_PAGE, 'utf8').replace('<script src="/demo/pusher.min.js">', `<script id="pushgate-config" type="application/json">${scriptSafeJson(config)}</script>\n<script src="/demo/pusher.min.js">`);
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }).end(html);
}

/** pusher-js's web build, from the project's own dependencies. */
export function writePusherJs(response: ServerResponse): void {
  const file = createRequire(import.meta.url).resolve('pusher-js/dist/web/pusher.min.js');
  response.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8', 'x-content-type-options': 'nosniff' }).end(readFileSync(file));
}
