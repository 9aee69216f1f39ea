import { defineConfig } from 'vitest/config';

// One project per kind of test, so each can be run alone (`vitest run --project unit`).
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['domain/**/*.test.ts', 'adapters/**/*.test.ts', 'manifest/**/*.test.ts', 'test/architecture/**/*.test.ts', 'test/robustness/**/*.test.ts', 'bench/**/*.test.ts'],
          testTimeout: 60_000,
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.int.test.ts'],
          globalSetup: ['test/integration/support/global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.infra.test.ts', 'infrastructure/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts', 'test/soak/**/*.soak.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // Any Pusher-compatible server, through the published clients only (PUSHGATE_CONFORMANCE_URL, …); unset, local mode.
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          globalSetup: ['test/conformance/support/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Every wait is bounded, generously: a loaded machine, or a server across the world.
          expect: { poll: { timeout: 15_000, interval: 25 } },
        },
      },
    ],
  },
});
