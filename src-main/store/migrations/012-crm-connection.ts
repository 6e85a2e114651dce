/**
 * Issue 22: a live CRM connection and its refresh, shared by every instance through MariaDB. One
 * row says which CRM feeds the CRM tables (csv = none: `crm import` or a customer's ETL) with its
 * non-secret settings and field mapping (secrets stay in each instance's vault). One row holds
 * the refresh: its lease (one refresh at a time for all workers, like mailbox leases), the
 * connector's cursor, when it last succeeded (health shows the copy's age) and its last error.
 */
import type { Migration } from './migration.js';

export const crmConnection: Migration = {
  version: 12,
  name: 'crm-connection',
  up: [
    `CREATE TABLE IF NOT EXISTS crm_connection (
      id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
      source VARCHAR(16) NOT NULL DEFAULT 'csv',
      settings_json LONGTEXT NULL,
      field_mapping_json LONGTEXT NULL,
      updated_at DATETIME(3) NULL,
      updated_by VARCHAR(320) NULL,
      CONSTRAINT crm_connection_single_row CHECK (id = 1)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    `INSERT IGNORE INTO crm_connection (id, source) VALUES (1, 'csv')`,
    `CREATE TABLE IF NOT EXISTS crm_refresh_state (
      id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
      holder VARCHAR(255) NULL,
      lease_expires_at DATETIME(3) NULL,
      cursor_text LONGTEXT NULL,
      last_attempt_at DATETIME(3) NULL,
      last_success_at DATETIME(3) NULL,
      last_kind VARCHAR(16) NULL,
      last_full_at DATETIME(3) NULL,
      last_error_code VARCHAR(64) NULL,
      last_error_message VARCHAR(1000) NULL,
      last_error_at DATETIME(3) NULL,
      rejected_count INT UNSIGNED NOT NULL DEFAULT 0,
      rejected_sample_json LONGTEXT NULL,
      CONSTRAINT crm_refresh_state_single_row CHECK (id = 1)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    `INSERT IGNORE INTO crm_refresh_state (id) VALUES (1)`,
  ],
};
