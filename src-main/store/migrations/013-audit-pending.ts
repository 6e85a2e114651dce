/**
 * Issue 17: page commits stage their audit entries here instead of appending to the hash chain
 * under the database-wide audit lock, so page transactions of different mailboxes no longer run one
 * at a time. A staged row commits with its page or not at all; the seal step (store/audit-seal.ts)
 * moves rows, in id order, into audit_log under the lock, computing the chain as an append does,
 * and deletes them in the same transaction. The columns are an audit_log entry's without seq and
 * hashes, which the seal assigns.
 */
import type { Migration } from './migration.js';

export const auditPending: Migration = {
  version: 13,
  name: 'audit-pending',
  up: [
    `CREATE TABLE IF NOT EXISTS audit_pending (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      at DATETIME(3) NOT NULL,
      actor VARCHAR(320) NOT NULL,
      source VARCHAR(64) NOT NULL,
      action VARCHAR(64) NOT NULL,
      payload_json JSON NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  ],
};
