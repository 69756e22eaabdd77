import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files run in parallel, each on its own fresh database or schema.
    pool: 'forks',
    maxWorkers: 2,
    setupFiles: ['test/helpers/setup.ts'],
  },
});
