/**
 * Issue 20: a lease held by a process that is gone must not block its mailbox for the whole
 * 5-minute expiry. The holder now writes a heartbeat (every few seconds, with the moment after
 * which it counts as stale, so a reader needs no knowledge of the holder's settings) and says who
 * it is: host name, process id and a scope key (host, boot and pid namespace) within which the
 * pid can be checked directly. Columns are nullable: rows of an older version read as "no
 * heartbeat", which falls back to the expiry as before.
 */
import type { Migration } from './migration.js';

export const leaseHeartbeat: Migration = {
  version: 8,
  name: 'lease-heartbeat',
  up: [
    `ALTER TABLE mailbox_leases
       ADD COLUMN IF NOT EXISTS heartbeat_at DATETIME(3) NULL,
       ADD COLUMN IF NOT EXISTS stale_at DATETIME(3) NULL,
       ADD COLUMN IF NOT EXISTS holder_host VARCHAR(255) NULL,
       ADD COLUMN IF NOT EXISTS holder_pid INT UNSIGNED NULL,
       ADD COLUMN IF NOT EXISTS holder_scope VARCHAR(255) NULL`,
  ],
};
