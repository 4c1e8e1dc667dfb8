import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests that build git repositories and run vndr are I/O-bound; two cores are all CI has.
    pool: 'forks',
    maxWorkers: 2,
  },
});
