/**
 * What the sync engine keeps besides mail (issue 6): health of the last run per mailbox and per
 * folder, skipped external mail counted by domain for the "missing from CRM" view (domain and
 * count only, never content), the persisted pause switch every worker honours, the state of a
 * folder's first filtered round (to detect Graph's 5,000-item cap), and late-match jobs (mailboxes
 * re-read when the CRM gains a domain or an address). Statements are re-runnable (IF NOT EXISTS,
 * INSERT IGNORE) because MariaDB commits DDL implicitly.
 */
import type { Migration } from './migration.js';

const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const address = 'VARCHAR(320)';
const graphId = 'VARCHAR(512) CHARACTER SET ascii COLLATE ascii_bin';

export const syncHealthControl: Migration = {
  version: 3,
  name: 'sync-health-control',
  up: [
    // The last run of each mailbox (the figures are those of that run; totals live elsewhere).
    `CREATE TABLE IF NOT EXISTS sync_mailbox_health (
      mailbox ${address} NOT NULL PRIMARY KEY,
      holder VARCHAR(255) NULL,
      started_at DATETIME(3) NULL,
      finished_at DATETIME(3) NULL,
      duration_ms INT UNSIGNED NULL,
      next_run_at DATETIME(3) NULL,
      pages INT UNSIGNED NOT NULL DEFAULT 0,
      messages_read INT UNSIGNED NOT NULL DEFAULT 0,
      imported INT UNSIGNED NOT NULL DEFAULT 0,
      skipped_json JSON NOT NULL,
      retries INT UNSIGNED NOT NULL DEFAULT 0,
      throttled INT UNSIGNED NOT NULL DEFAULT 0,
      error_code VARCHAR(64) NULL,
      KEY sync_mailbox_health_next_run (next_run_at)
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS sync_folder_health (
      mailbox ${address} NOT NULL,
      folder_id ${graphId} NOT NULL,
      display_name VARCHAR(512) NOT NULL DEFAULT '',
      state VARCHAR(32) NOT NULL,
      last_success_at DATETIME(3) NULL,
      finished_at DATETIME(3) NULL,
      duration_ms INT UNSIGNED NULL,
      pages INT UNSIGNED NOT NULL DEFAULT 0,
      messages_read INT UNSIGNED NOT NULL DEFAULT 0,
      imported INT UNSIGNED NOT NULL DEFAULT 0,
      skipped_json JSON NOT NULL,
      restarts INT UNSIGNED NOT NULL DEFAULT 0,
      last_error TEXT NULL,
      PRIMARY KEY (mailbox, folder_id)
    ) ${table}`,
    // "Missing from CRM": external domains of mail skipped as no-crm-match. Approximate by design
    // (a page repeated after a crash counts again), like mailbox_skip_counts.
    `CREATE TABLE IF NOT EXISTS missing_crm_domains (
      domain VARCHAR(255) NOT NULL PRIMARY KEY,
      skipped BIGINT UNSIGNED NOT NULL DEFAULT 0,
      first_seen_at DATETIME(3) NOT NULL,
      last_seen_at DATETIME(3) NOT NULL,
      KEY missing_crm_domains_skipped (skipped)
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS sync_control (
      id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
      paused BOOLEAN NOT NULL DEFAULT FALSE,
      changed_at DATETIME(3) NULL,
      changed_by VARCHAR(320) NULL,
      CONSTRAINT sync_control_single_row CHECK (id = 1)
    ) ${table}`,
    `INSERT IGNORE INTO sync_control (id, paused) VALUES (1, FALSE)`,
    // A folder's first round under a receivedDateTime filter: how many items it created and the
    // oldest receivedDateTime seen, so a round cut off at Graph's cap is backfilled.
    `CREATE TABLE IF NOT EXISTS folder_rounds (
      mailbox ${address} NOT NULL,
      folder_id ${graphId} NOT NULL,
      since_at DATETIME(3) NOT NULL,
      created_items INT UNSIGNED NOT NULL DEFAULT 0,
      oldest_received_at DATETIME(3) NULL,
      phase VARCHAR(16) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (mailbox, folder_id)
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS late_match_jobs (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      crm_revision BIGINT UNSIGNED NOT NULL,
      keys_json JSON NOT NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY late_match_jobs_revision (crm_revision)
    ) ${table}`,
    // One row per mailbox that had synced before the job: pending until done_at is set.
    `CREATE TABLE IF NOT EXISTS late_match_progress (
      job_id BIGINT UNSIGNED NOT NULL,
      mailbox ${address} NOT NULL,
      done_at DATETIME(3) NULL,
      PRIMARY KEY (job_id, mailbox),
      CONSTRAINT late_match_progress_job_fk FOREIGN KEY (job_id) REFERENCES late_match_jobs (id) ON DELETE CASCADE
    ) ${table}`,
  ],
};
