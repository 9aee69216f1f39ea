import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalGateway } from '../../../adapters/driving/local/local-gateway.ts';
import { conformanceSettings, OPTIONAL_FEATURES, type ConformanceTarget, type Feature } from './conformance-target.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    conformanceTarget: ConformanceTarget;
  }
}

/**
 * One server for the whole conformance run: the one the environment names, or pushgate's local mode
 * started here. The test files reach it only over the network, through the published clients, as
 * they would any other server: nothing of pushgate is imported by them.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const settings = conformanceSettings(process.env);
  if (settings.kind === 'url') {
    announce(settings.target);
    project.provide('conformanceTarget', settings.target);
    return undefined;
  }
  const folder = settings.storage === 'dynamodb' ? mkdtempSync(path.join(tmpdir(), 'pushgate-conformance-')) : undefined;
  // Local mode posts its webhooks to the port the webhook tests will listen on (until then, nothing
  // listens there: those posts fail and are retried, as they would be against an app that is down).
  const webhookPort = await freeLoopbackPort();
  const gateway = await startLocalGateway({
    port: 0,
    quiet: true,
    env: { SUBSCRIPTION_COUNT_EVENTS: 'on', PUSHER_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/pusher/webhooks` },
    ...(folder === undefined ? {} : { dynamodbFolder: folder }),
  });
  const target: ConformanceTarget = {
    description: `pushgate local mode (${settings.storage === 'memory' ? 'in memory' : 'DynamoDB on dynalite'}), started by the suite at ws://127.0.0.1:${gateway.port}`,
    socketUrl: `ws://127.0.0.1:${gateway.port}`,
    httpUrl: gateway.url,
    appId: gateway.config.pusher.appId,
    key: gateway.config.pusher.key,
    secret: gateway.config.pusher.secret,
    features: settings.features,
    webhookListener: { host: '127.0.0.1', port: webhookPort },
  };
  announce(target);
  project.provide('conformanceTarget', target);
  return async () => {
    await gateway.close();
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  };
}

function announce(target: ConformanceTarget): void {
  const left = (Object.keys(OPTIONAL_FEATURES) as Feature[]).filter((feature) => !target.features.includes(feature));
  console.log(`[conformance] server: ${target.description}`);
  console.log(`[conformance] optional features held to: ${target.features.join(', ') || 'none'}; skipped: ${left.join(', ') || 'none'} (PUSHGATE_CONFORMANCE_FEATURES)`);
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
