/**
 * The CRM match keys the late-match engine last compared against, with their CRM revision. Kept
 * in the database (not in a process's memory) so a CRM change made while no sync process runs -
 * `crm import` on a quiet evening, a customer's ETL - is still noticed by the next one.
 */
import type { Migration } from './migration.js';

export const lateMatchBaseline: Migration = {
  version: 5,
  name: 'late-match-baseline',
  up: [
    `CREATE TABLE IF NOT EXISTS late_match_baseline (
      id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
      crm_revision BIGINT UNSIGNED NOT NULL,
      keys_json LONGTEXT NOT NULL,
      updated_at DATETIME(3) NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  ],
};
