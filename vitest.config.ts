import { defineConfig } from 'vitest/config';

/**
 * Three suites: unit (pure, no I/O), integration (a real MariaDB and the sandbox tenant over HTTPS)
 * and e2e (Chromium driving the headless console). The MariaDB global setup starts one private
 * server per run (or uses MARIADB_URL); each test file takes a fresh database of its own.
 * The workspace packages (packages/*) are resolved to their TypeScript sources (the
 * `@correspondent/source` export condition), so tests never run a stale build of a simulator.
 */
const sourceConditions = ['@correspondent/source', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.int.test.ts'],
          globalSetup: ['test/support/mariadb-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          globalSetup: ['test/support/mariadb-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
