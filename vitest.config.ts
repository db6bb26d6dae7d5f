import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PostgreSQL suites each use their own schema, so files may run in parallel.
    fileParallelism: true,
  },
});
