// Mutation testing (`npm run mutate`, not part of CI): how many small changes to the domain and to
// the Lambda mapping modules would the unit tests notice? Reports land in reports/mutation/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'stryker.vitest.config.ts', related: true },
  mutate: [
    'domain/**/*.ts',
    '!domain/**/*.test.ts',
    '!domain/**/*.contract.ts',
    'adapters/driving/lambda/*.ts',
    '!adapters/driving/lambda/*.handler.ts',
    '!adapters/driving/lambda/*.test.ts',
  ],
  // Each mutant runs only the tests that cover it; Stryker selects them by a regular expression of
  // their names, so a test title must not print a large input (use $0, which Vitest truncates).
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  concurrency: 2,
  timeoutMS: 10_000,
};
