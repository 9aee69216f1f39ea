import { defineConfig } from 'vitest/config';

// The unit tests that exercise what stryker.config.mjs mutates: the domain's and the Lambda mapping
// modules' own (the fuzz and architecture suites of the unit project would only slow each mutant).
export default defineConfig({
  test: {
    include: ['domain/**/*.test.ts', 'adapters/driving/lambda/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
