import { defineConfig } from 'vitest/config';

// Unit and integration tests live beside the code; browser tests (tests/e2e) run separately
// through `npm run test:e2e` because they need a built web app.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/api/test/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'tests/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    globalSetup: ['./tests/support/global-setup.ts'],
  },
});
