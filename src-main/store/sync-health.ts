/**
 * Health of the sync as the console shows it: the last run of each mailbox and folder (written
 * after each run), external domains of mail skipped for want of a CRM match (written with each
 * page: domain and count only), and the cycle history. Reads tolerate rows written by older
 * versions: JSON columns are parsed leniently.
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { clip } from './clip.js';
import { isLiveLease, LEASE_LIVE_SQL } from './leases.js';
import type { FolderHealthRow, FolderRun, MailboxHealthRow, MailboxRun, MissingDomain } from './sync-state-store.js';

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : null);
const num = (value: unknown): number => Number(value ?? 0);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

function counts(raw: unknown): Record<string, number> {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter(([, n]) => typeof n === 'number' && Number.isFinite(n))) as Record<string, number>;
}

export async function recordMailboxRun(pool: Pool, run: MailboxRun): Promise<void> {
  const nextRun = run.nextRunInMs === null ? null : Math.round(run.nextRunInMs * 1000);
  await pool.query(
    `INSERT INTO sync_mailbox_health
      (mailbox, holder, started_at, finished_at, duration_ms, next_run_at, pages, messages_read, imported, already_stored, unchanged, skipped_json, masked, retries, throttled, error_code)
     VALUES (?, ?, ?, ?, ?, IF(? IS NULL, NULL, NOW(3) + INTERVAL ? MICROSECOND), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE holder = VALUES(holder), started_at = VALUES(started_at), finished_at = VALUES(finished_at),
       duration_ms = VALUES(duration_ms), next_run_at = VALUES(next_run_at), pages = VALUES(pages), messages_read = VALUES(messages_read),
       imported = VALUES(imported), already_stored = VALUES(already_stored), unchanged = VALUES(unchanged),
       skipped_json = VALUES(skipped_json), masked = VALUES(masked), retries = VALUES(retries), throttled = VALUES(throttled),
       error_code = VALUES(error_code)`,
    [
      run.mailbox,
      run.holder,
      run.startedAt,
      run.finishedAt,
      Math.max(0, Math.round(run.durationMs)),
      nextRun,
      nextRun ?? 0,
      run.pages,
      run.read,
      run.imported,
      run.alreadyStored,
      run.unchanged,
      JSON.stringify(run.skipped),
      run.masked ?? 0,
      run.retries,
      run.throttled,
      run.errorCode,
    ],
  );
}

export async function recordFolderRun(pool: Pool, run: FolderRun): Promise<void> {
  await pool.query(
    `INSERT INTO sync_folder_health
      (mailbox, folder_id, display_name, state, last_success_at, finished_at, duration_ms, pages, messages_read, imported, already_stored, unchanged,
        skipped_json, masked, restarts, last_error)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE display_name = VALUES(display_name), state = VALUES(state),
       last_success_at = COALESCE(VALUES(last_success_at), last_success_at), finished_at = VALUES(finished_at),
       duration_ms = VALUES(duration_ms), pages = VALUES(pages), messages_read = VALUES(messages_read), imported = VALUES(imported),
       already_stored = VALUES(already_stored), unchanged = VALUES(unchanged), skipped_json = VALUES(skipped_json), masked = VALUES(masked),
       restarts = VALUES(restarts), last_error = VALUES(last_error)`,
    [
      run.mailbox,
      run.folderId,
      clip(run.displayName, 512),
      run.state,
      run.state === 'ok' ? run.finishedAt : null,
      run.finishedAt,
      Math.max(0, Math.round(run.durationMs)),
      run.pages,
      run.read,
      run.imported,
      run.alreadyStored,
      run.unchanged,
      JSON.stringify(run.skipped),
      run.masked ?? 0,
      run.restarts,
      run.error,
    ],
  );
}

export async function mailboxHealth(pool: Pool, mailboxes?: string[]): Promise<MailboxHealthRow[]> {
  if (mailboxes !== undefined && mailboxes.length === 0) return [];
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT m.address, h.started_at, h.finished_at, h.duration_ms, h.next_run_at, h.pages, h.messages_read, h.imported, h.already_stored, h.unchanged,
            h.skipped_json, h.masked, h.retries, h.throttled, h.error_code,
            l.holder, l.expires_at, l.holder_host, l.holder_pid, l.holder_scope, ${LEASE_LIVE_SQL} AS lease_live
     FROM mailboxes m
     LEFT JOIN sync_mailbox_health h ON h.mailbox = m.address
     LEFT JOIN mailbox_leases l ON l.mailbox = m.address
     ${mailboxes === undefined ? '' : 'WHERE m.address IN (?)'}
     ORDER BY m.address`,
    mailboxes === undefined ? [] : [mailboxes],
  );
  return rows.map((row) => {
    // A lease whose holder stopped beating, or died on this host, is held by nobody (issue 20).
    const live = isLiveLease(row);
    return {
      mailbox: String(row['address']),
      holder: live ? String(row['holder']) : null,
      leaseExpiresAt: live ? iso(row['expires_at']) : null,
      startedAt: iso(row['started_at']),
      finishedAt: iso(row['finished_at']),
      durationMs: numOrNull(row['duration_ms']),
      nextRunAt: iso(row['next_run_at']),
      pages: num(row['pages']),
      read: num(row['messages_read']),
      imported: num(row['imported']),
      alreadyStored: num(row['already_stored']),
      unchanged: num(row['unchanged']),
      skipped: counts(row['skipped_json']),
      masked: num(row['masked']),
      retries: num(row['retries']),
      throttled: num(row['throttled']),
      errorCode: row['error_code'] === null || row['error_code'] === undefined ? null : String(row['error_code']),
    };
  });
}

export async function folderHealth(pool: Pool, mailbox: string): Promise<FolderHealthRow[]> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT * FROM sync_folder_health WHERE mailbox = ? ORDER BY display_name, folder_id', [mailbox]);
  return rows.map((row) => ({
    folderId: String(row['folder_id']),
    displayName: String(row['display_name']),
    state: row['state'] === 'ok' || row['state'] === 'gone' ? row['state'] : 'error',
    lastSuccessAt: iso(row['last_success_at']),
    finishedAt: iso(row['finished_at']),
    durationMs: numOrNull(row['duration_ms']),
    pages: num(row['pages']),
    read: num(row['messages_read']),
    imported: num(row['imported']),
    alreadyStored: num(row['already_stored']),
    unchanged: num(row['unchanged']),
    skipped: counts(row['skipped_json']),
    masked: num(row['masked']),
    restarts: num(row['restarts']),
    lastError: row['last_error'] === null ? null : String(row['last_error']),
  }));
}

/** Inside commitPage's transaction: the page's no-crm-match domains (domain and count only). */
export async function addMissingDomains(connection: PoolConnection, domains: Record<string, number> | undefined, now: Date): Promise<void> {
  const rows = Object.entries(domains ?? {})
    .filter(([domain, n]) => domain.length > 0 && domain.length <= 255 && Number.isInteger(n) && n > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([domain, n]) => [domain, n, now, now]);
  if (rows.length === 0) return;
  await connection.query(
    `INSERT INTO missing_crm_domains (domain, skipped, first_seen_at, last_seen_at) VALUES ?
     ON DUPLICATE KEY UPDATE skipped = skipped + VALUES(skipped), last_seen_at = VALUES(last_seen_at)`,
    [rows],
  );
}

/**
 * Domains skipped for want of a CRM match, most skipped first, leaving out domains the CRM now
 * knows (an account domain added since): the view lists what is still missing.
 */
export async function missingFromCrm(pool: Pool, limit: number): Promise<MissingDomain[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT d.domain, d.skipped, d.last_seen_at FROM missing_crm_domains d
     WHERE NOT EXISTS (SELECT 1 FROM crm_account_domains a WHERE a.domain = d.domain)
     ORDER BY d.skipped DESC, d.domain LIMIT ?`,
    [limit],
  );
  return rows.map((row) => ({ domain: String(row['domain']), skipped: num(row['skipped']), lastSeenAt: iso(row['last_seen_at']) ?? '' }));
}

export async function cycleHistory(pool: Pool, limit: number): Promise<{ finishedAt: string; summaryJson: unknown }[]> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT finished_at, summary_json FROM sync_cycles ORDER BY finished_at DESC, id DESC LIMIT ?', [limit]);
  return rows.map((row) => {
    const raw: unknown = row['summary_json'];
    let summaryJson: unknown = raw;
    if (typeof raw === 'string') {
      try {
        summaryJson = JSON.parse(raw);
      } catch {
        summaryJson = null;
      }
    }
    return { finishedAt: iso(row['finished_at']) ?? '', summaryJson };
  });
}
