import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // PostgreSQL for the storage contract and multi-process tests: TEST_DATABASE_URL, or a throwaway cluster.
    globalSetup: ['test/support/postgres-global-setup.ts'],
  },
});
