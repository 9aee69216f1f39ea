import { afterAll, beforeAll, describe, inject } from 'vitest';
import { startApp, type ConformanceApp } from './app.ts';
import { Clients } from './clients.ts';
import type { ConformanceTarget, Feature } from './conformance-target.ts';

/** The target of this run (from the global setup), the app beside it, and the clients a file opens. */
export interface ConformanceContext {
  readonly target: ConformanceTarget;
  readonly app: ConformanceApp;
  readonly clients: Clients;
}

/** For one test file: the app is started before its tests and everything closed after them. */
export function useConformance(): ConformanceContext {
  const target = inject('conformanceTarget');
  let started: { app: ConformanceApp; clients: Clients } | undefined;
  beforeAll(async () => {
    const app = await startApp(target);
    started = { app, clients: new Clients(target, app) };
  });
  afterAll(async () => {
    started?.clients.closeAll();
    await started?.app.close();
  });
  const get = () => {
    if (started === undefined) throw new Error('the conformance app is not started yet: use it inside a test');
    return started;
  };
  return {
    target,
    get app() {
      return get().app;
    },
    get clients() {
      return get().clients;
    },
  };
}

/** A block of tests of an optional feature: skipped, its name saying why, when the run leaves the feature out. */
export function describeFeature(feature: Feature, name: string, body: () => void): void {
  const held = inject('conformanceTarget').features.includes(feature);
  describe.skipIf(!held)(held ? `${name} [${feature}]` : `${name} [${feature}: skipped, not in PUSHGATE_CONFORMANCE_FEATURES]`, body);
}
