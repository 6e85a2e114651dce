/**
 * The capture policy's exclusion lists (issue 18; docs/capture-policy.md): addresses, domains and
 * subject terms, org-wide (mailbox '') or per mailbox. In MariaDB, not in a data directory's
 * settings file, because every sync worker must apply the same lists and a CSV import can bring
 * thousands of entries. Values are stored normalised and compared byte for byte (utf8mb4_bin):
 * the default collation would make `bücher@x` and `bucher@x` one entry. A single revision row
 * lets every process notice a change with one primary-key read, as crm_revision does; `seeded`
 * records that the default subject terms were offered once, so a removed default stays removed.
 * Health gains a count of imports stored with identifiers masked, next to the skips by reason.
 */
import type { Migration } from './migration.js';

const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const exact = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';

export const captureExclusions: Migration = {
  version: 7,
  name: 'capture-exclusions',
  up: [
    `CREATE TABLE IF NOT EXISTS capture_exclusions (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      kind VARCHAR(16) ${exact} NOT NULL,
      value VARCHAR(320) ${exact} NOT NULL,
      mailbox VARCHAR(320) ${exact} NOT NULL DEFAULT '',
      added_at DATETIME(3) NOT NULL,
      added_by VARCHAR(320) NOT NULL,
      UNIQUE KEY capture_exclusions_entry (kind, mailbox, value),
      CONSTRAINT capture_exclusions_kind CHECK (kind IN ('address', 'domain', 'subject'))
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS capture_exclusions_state (
      id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
      revision BIGINT UNSIGNED NOT NULL,
      seeded BOOLEAN NOT NULL DEFAULT FALSE,
      changed_at DATETIME(3) NULL,
      CONSTRAINT capture_exclusions_state_single_row CHECK (id = 1)
    ) ${table}`,
    `INSERT IGNORE INTO capture_exclusions_state (id, revision, seeded) VALUES (1, 0, FALSE)`,
    // Health counts imports stored with identifiers masked, next to the skips by reason.
    `ALTER TABLE sync_mailbox_health ADD COLUMN IF NOT EXISTS masked INT UNSIGNED NOT NULL DEFAULT 0 AFTER skipped_json`,
    `ALTER TABLE sync_folder_health ADD COLUMN IF NOT EXISTS masked INT UNSIGNED NOT NULL DEFAULT 0 AFTER skipped_json`,
  ],
};
