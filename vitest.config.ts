import { defineConfig } from 'vitest/config';

/**
 * Three suites: unit (pure, no I/O), integration (a real MariaDB and the sandbox tenant over HTTPS)
 * and e2e (Chromium driving the headless console). The MariaDB global setup starts one private
 * server per run (or uses MARIADB_URL); each test file takes a fresh database of its own.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.int.test.ts'],
          globalSetup: ['test/support/mariadb-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
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
