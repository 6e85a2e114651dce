/**
 * Issue 17: page commits no longer rewrite other emails' thread_key inside their transaction (a
 * locking read of the parents and an UPDATE ... WHERE thread_key = ? whose range and gap locks
 * reached the rows other mailboxes' pages were inserting: parallel pages of one long thread
 * deadlocked until the retries were spent). A page stores its new emails with the thread its
 * snapshot sees and lists their keys here, in the same transaction; the short settle step
 * (store/thread-settle.ts) moves what waited for them and deletes the rows it settled.
 */
import type { Migration } from './migration.js';

export const threadPending: Migration = {
  version: 15,
  name: 'thread-pending',
  up: [
    `CREATE TABLE IF NOT EXISTS thread_pending (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      message_key VARCHAR(700) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  ],
};
