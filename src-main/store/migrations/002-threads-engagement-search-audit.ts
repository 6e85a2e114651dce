/**
 * Threads, CRM links, assignment provenance, mailbox leases, the search outbox, the audit log and
 * the CRM change detector. Every statement is written to be harmless when re-run after a crash
 * halfway through (MariaDB commits DDL implicitly): ADD COLUMN / ADD INDEX IF NOT EXISTS,
 * CREATE TABLE IF NOT EXISTS, INSERT IGNORE.
 */
import type { Migration } from './migration.js';

const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const address = 'VARCHAR(320)';
const crmId = 'VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';

export const threadsEngagementSearchAudit: Migration = {
  version: 2,
  name: 'threads-engagement-search-audit',
  up: [
    // thread_key: the storage key of the thread's root message (thread-key.ts); the console groups by it.
    // assigned_by: 'opportunity-owner' is fixed at import; 'mailbox' is recomputed when a sighting arrives.
    `ALTER TABLE emails
      ADD COLUMN IF NOT EXISTS thread_key VARCHAR(700) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL AFTER message_key,
      ADD COLUMN IF NOT EXISTS assigned_by VARCHAR(32) NOT NULL DEFAULT 'mailbox' AFTER assigned_to,
      ADD INDEX IF NOT EXISTS emails_thread_key (thread_key)`,
    `UPDATE emails SET thread_key = message_key WHERE thread_key IS NULL`,
    `CREATE TABLE IF NOT EXISTS email_contacts (
      email_id BIGINT UNSIGNED NOT NULL,
      contact_id ${crmId} NOT NULL,
      PRIMARY KEY (email_id, contact_id),
      KEY email_contacts_contact (contact_id),
      CONSTRAINT email_contacts_email_fk FOREIGN KEY (email_id) REFERENCES emails (id) ON DELETE CASCADE
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS email_leads (
      email_id BIGINT UNSIGNED NOT NULL,
      lead_id ${crmId} NOT NULL,
      PRIMARY KEY (email_id, lead_id),
      KEY email_leads_lead (lead_id),
      CONSTRAINT email_leads_email_fk FOREIGN KEY (email_id) REFERENCES emails (id) ON DELETE CASCADE
    ) ${table}`,
    // One row per mailbox; the sync takes rows with SELECT ... FOR UPDATE SKIP LOCKED.
    `CREATE TABLE IF NOT EXISTS mailbox_leases (
      mailbox ${address} NOT NULL PRIMARY KEY,
      holder VARCHAR(255) NULL,
      acquired_at DATETIME(3) NULL,
      expires_at DATETIME(3) NULL,
      KEY mailbox_leases_expires_at (expires_at)
    ) ${table}`,
    // SKIP LOCKED needs a row to lock: every mailbox has one (upsertMailboxes adds new ones).
    `INSERT IGNORE INTO mailbox_leases (mailbox) SELECT address FROM mailboxes`,
    // "Email X changed": no foreign key, because a purge leaves rows for emails that no longer exist.
    `CREATE TABLE IF NOT EXISTS search_outbox (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      email_id BIGINT UNSIGNED NOT NULL,
      attempts INT UNSIGNED NOT NULL DEFAULT 0,
      next_attempt_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      last_error VARCHAR(1024) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      KEY search_outbox_due (next_attempt_at, id),
      KEY search_outbox_email (email_id)
    ) ${table}`,
    // Append-only; prev_hash/hash are filled by the audit module's hash chain.
    `CREATE TABLE IF NOT EXISTS audit_log (
      seq BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      at DATETIME(3) NOT NULL,
      actor VARCHAR(320) NOT NULL,
      source VARCHAR(64) NOT NULL,
      action VARCHAR(64) NOT NULL,
      payload_json JSON NOT NULL,
      prev_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
      hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
      KEY audit_log_at (at),
      KEY audit_log_action (action)
    ) ${table}`,
    // A single row: replaceCrm bumps it; a customer's ETL bumps it after loading (docs/crm-tables.md).
    `CREATE TABLE IF NOT EXISTS crm_revision (
      id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
      revision BIGINT UNSIGNED NOT NULL,
      changed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      CONSTRAINT crm_revision_single_row CHECK (id = 1)
    ) ${table}`,
    `INSERT IGNORE INTO crm_revision (id, revision) VALUES (1, 0)`,
    `ALTER TABLE email_participants ADD INDEX IF NOT EXISTS email_participants_email_role (email_id, role)`,
    `ALTER TABLE email_sightings ADD INDEX IF NOT EXISTS email_sightings_mailbox_email (mailbox, email_id)`,
  ],
};
