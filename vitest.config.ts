import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fails the test during which an unhandled rejection or uncaught exception happens (issue 8 item 17).
    setupFiles: ['test/support/no-unhandled-rejections.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // PostgreSQL for the storage contract and multi-process tests: TEST_DATABASE_URL, or a throwaway cluster.
    globalSetup: ['test/support/postgres-global-setup.ts'],
  },
});
