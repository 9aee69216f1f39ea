import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { LOCAL_DEFAULTS } from '../../../adapters/driving/local/local-environment.ts';
import { startLocalGateway } from '../../../adapters/driving/local/local-gateway.ts';
import { conformanceSettings, OPTIONAL_FEATURES, type ConformanceTarget, type Feature } from './conformance-target.ts';
import { startWebhookInbox } from './webhook-inbox.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    conformanceTarget: ConformanceTarget;
  }
}

/**
 * One server for the whole conformance run: the one the environment names, or pushgate's local mode
 * started here; and, for the webhooks feature, the app's webhook inbox, listening from the start.
 * The test files reach the server only over the network, through the published clients, as they
 * would any other: nothing of pushgate is imported by them.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The PUSHGATE_CONFORMANCE_* variables count only under `npm run conformance`: `npm test` always holds
  // local mode to the suite, whatever the shell holds.
  const settings = conformanceSettings(process.env['npm_lifecycle_event'] === 'conformance' ? process.env : {});
  if (settings.kind === 'url') {
    const { target } = settings;
    const inbox = target.webhookListener === undefined ? undefined : await startWebhookInbox(target, target.webhookListener);
    provide(project, inbox === undefined ? target : { ...target, webhookInbox: inbox.url });
    return async () => inbox?.close();
  }
  const credentials = { appId: LOCAL_DEFAULTS['PUSHER_APP_ID']!, key: LOCAL_DEFAULTS['PUSHER_KEY']!, secret: LOCAL_DEFAULTS['PUSHER_SECRET']! };
  const inbox = await startWebhookInbox(credentials, { host: '127.0.0.1', port: 0 });
  const folder = settings.storage === 'dynamodb' ? mkdtempSync(path.join(tmpdir(), 'pushgate-conformance-')) : undefined;
  const gateway = await startLocalGateway({
    port: 0,
    quiet: true,
    env: { SUBSCRIPTION_COUNT_EVENTS: 'on', PUSHER_WEBHOOK_URL: `${inbox.url}/pusher/webhooks` },
    ...(folder === undefined ? {} : { dynamodbFolder: folder }),
  });
  provide(project, {
    description: `pushgate local mode (${settings.storage === 'memory' ? 'in memory' : 'DynamoDB on dynalite'}), started by the suite at ws://127.0.0.1:${gateway.port}`,
    socketUrl: `ws://127.0.0.1:${gateway.port}`,
    httpUrl: gateway.url,
    ...credentials,
    features: settings.features,
    webhookInbox: inbox.url,
  });
  return async () => {
    await gateway.close();
    await inbox.close();
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  };
}

function provide(project: TestProject, target: ConformanceTarget): void {
  const left = (Object.keys(OPTIONAL_FEATURES) as Feature[]).filter((feature) => !target.features.includes(feature));
  console.log(`[conformance] server: ${target.description}`);
  console.log(`[conformance] optional features held to: ${target.features.join(', ') || 'none'}; skipped: ${left.join(', ') || 'none'} (PUSHGATE_CONFORMANCE_FEATURES)`);
  project.provide('conformanceTarget', target);
}
