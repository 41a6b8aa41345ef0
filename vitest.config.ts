import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Temporal workers (native Rust core) want real processes, not worker threads.
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    globalSetup: ['test/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
