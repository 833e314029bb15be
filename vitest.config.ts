// Test runner configuration: real child processes and servers make some tests slow, so timeouts are generous
// and files run in parallel forks (2 cores); the global setup rebuilds a dist/ older than its sources.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: '.ci/results.json' },
  },
});
