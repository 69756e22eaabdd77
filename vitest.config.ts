import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files run in parallel, each on its own fresh database or schema.
    pool: 'forks',
    maxWorkers: 2,
    // A worker keeps its loaded modules from one test file to the next: importing the service (AdminJS, React,
    // TypeORM) anew for each file cost two seconds a file — a third of the suite. Files share no state through
    // modules (each starts its own service on its own database), and both databases' runs pass this way.
    isolate: false,
    setupFiles: ['test/helpers/setup.ts'],
  },
});
