/**
 * What makes a re-reported message harmless (issue 16): Graph may report a message again - a full
 * update with every selected field, a replayed change, a page read twice after a crash, the
 * boundary of a backfill - and each must be decided into the counters once. Imports are already
 * idempotent (one sighting per mailbox and Graph id); skips leave no row, so `skip_decisions`
 * keeps, per mailbox, the SHA-256 of the item's Graph id (ImmutableId) and the rule that skipped
 * it: no content, not even the Message-ID. A re-report with the same rule counts as unchanged; a
 * different rule (the CRM changed) counts again.
 * A folder's first round also records whether Graph served it in the order asked for
 * (`unordered`), so that a capped round served out of order is backfilled over its whole window,
 * and whether Graph refused the receivedDateTime filter (`client_filter`), so that the lookback is
 * then applied to the items as they are read.
 */
import type { Migration } from './migration.js';

const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const address = 'VARCHAR(320)';

export const decisionsAndRounds: Migration = {
  version: 6,
  name: 'decisions-and-rounds',
  up: [
    `CREATE TABLE IF NOT EXISTS skip_decisions (
      mailbox ${address} NOT NULL,
      item_hash BINARY(32) NOT NULL,
      reason_code VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      decided_at DATETIME(3) NOT NULL,
      PRIMARY KEY (mailbox, item_hash)
    ) ${table}`,
    'ALTER TABLE folder_rounds ADD COLUMN IF NOT EXISTS unordered BOOLEAN NOT NULL DEFAULT FALSE',
    'ALTER TABLE folder_rounds ADD COLUMN IF NOT EXISTS client_filter BOOLEAN NOT NULL DEFAULT FALSE',
  ],
};
