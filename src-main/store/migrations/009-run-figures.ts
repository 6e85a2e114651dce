/**
 * The two figures that make a run's counts add up (read = imported + already stored + unchanged +
 * skipped): imports of mail stored before from another mailbox, and of mail this mailbox had
 * already stored. Rows written before read as 0.
 */
import type { Migration } from './migration.js';

export const runFigures: Migration = {
  version: 9,
  name: 'run-figures',
  up: [
    'ALTER TABLE sync_mailbox_health ADD COLUMN IF NOT EXISTS already_stored INT UNSIGNED NOT NULL DEFAULT 0 AFTER imported',
    'ALTER TABLE sync_mailbox_health ADD COLUMN IF NOT EXISTS unchanged INT UNSIGNED NOT NULL DEFAULT 0 AFTER already_stored',
    'ALTER TABLE sync_folder_health ADD COLUMN IF NOT EXISTS already_stored INT UNSIGNED NOT NULL DEFAULT 0 AFTER imported',
    'ALTER TABLE sync_folder_health ADD COLUMN IF NOT EXISTS unchanged INT UNSIGNED NOT NULL DEFAULT 0 AFTER already_stored',
  ],
};
