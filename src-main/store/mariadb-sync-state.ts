/**
 * The MariaDB implementation of SyncStateStore (sync-state-store.ts). It shares the mail store's
 * pool; leases and health have files of their own (leases.ts, sync-health.ts), the small rest is
 * here: the pause switch, saved cursors, first-round tracking and late-match jobs.
 */
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import { claimLeases, releaseLease, renewLease, type ClaimResult, type LeaseClaim } from './leases.js';
import { cycleHistory, folderHealth, mailboxHealth, missingFromCrm, recordFolderRun, recordMailboxRun } from './sync-health.js';
import type {
  CursorState,
  FolderHealthRow,
  FolderRound,
  FolderRoundPhase,
  FolderRun,
  LateMatchJob,
  LateMatchKeys,
  MailboxHealthRow,
  MailboxRun,
  MissingDomain,
  SyncStateStore,
} from './sync-state-store.js';
import { withTransaction } from './transaction.js';

const keysSchema = z.object({ domains: z.array(z.string()), addresses: z.array(z.string()) });
const phaseSchema = z.enum(['counting', 'backfill', 'done']);

export class MariaDbSyncStateStore implements SyncStateStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date,
  ) {}

  claimLeases(mailboxes: string[], claim: LeaseClaim): Promise<ClaimResult> {
    return claimLeases(this.pool, mailboxes, claim);
  }

  renewLease(mailbox: string, holder: string, timing: { ttlMs: number; staleMs: number }): Promise<boolean> {
    return renewLease(this.pool, mailbox, holder, timing.ttlMs, timing.staleMs);
  }

  releaseLease(mailbox: string, holder: string): Promise<void> {
    return releaseLease(this.pool, mailbox, holder);
  }

  async isPaused(): Promise<boolean> {
    const [rows] = await this.pool.query<RowDataPacket[]>('SELECT paused FROM sync_control WHERE id = 1');
    return Boolean(Number(rows[0]?.['paused'] ?? 0));
  }

  async setPaused(paused: boolean, by: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO sync_control (id, paused, changed_at, changed_by) VALUES (1, ?, ?, ?)
       ON DUPLICATE KEY UPDATE paused = VALUES(paused), changed_at = VALUES(changed_at), changed_by = VALUES(changed_by)`,
      [paused, this.clock(), by.slice(0, 320)],
    );
  }

  recordMailboxRun(run: MailboxRun): Promise<void> {
    return recordMailboxRun(this.pool, run);
  }

  recordFolderRun(run: FolderRun): Promise<void> {
    return recordFolderRun(this.pool, run);
  }

  mailboxHealth(mailboxes?: string[]): Promise<MailboxHealthRow[]> {
    return mailboxHealth(this.pool, mailboxes);
  }

  folderHealth(mailbox: string): Promise<FolderHealthRow[]> {
    return folderHealth(this.pool, mailbox);
  }

  missingFromCrm(limit: number): Promise<MissingDomain[]> {
    return missingFromCrm(this.pool, limit);
  }

  cycleHistory(limit: number): Promise<{ finishedAt: string; summaryJson: unknown }[]> {
    return cycleHistory(this.pool, limit);
  }

  async cursorState(mailbox: string, key: string): Promise<CursorState | null> {
    const [rows] = await this.pool.query<RowDataPacket[]>('SELECT cursor_url, round_complete FROM folder_cursors WHERE mailbox = ? AND folder_id = ?', [mailbox, key]);
    const row = rows[0];
    return row ? { url: String(row['cursor_url']), roundComplete: Boolean(Number(row['round_complete'])) } : null;
  }

  async folderRound(mailbox: string, folderId: string): Promise<FolderRound | null> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT since_at, created_items, oldest_received_at, phase, unordered, client_filter FROM folder_rounds WHERE mailbox = ? AND folder_id = ?',
      [mailbox, folderId],
    );
    const row = rows[0];
    if (!row) return null;
    const oldest = row['oldest_received_at'];
    return {
      since: z.date().parse(row['since_at']),
      createdItems: Number(row['created_items']),
      oldestReceivedAt: oldest instanceof Date ? oldest : null,
      phase: phaseSchema.parse(row['phase']),
      unordered: Boolean(Number(row['unordered'])),
      clientFilter: Boolean(Number(row['client_filter'])),
    };
  }

  async startFolderRound(mailbox: string, folderId: string, since: Date, options: { clientFilter?: boolean } = {}): Promise<void> {
    const clientFilter = options.clientFilter ?? false;
    await this.pool.query(
      `INSERT INTO folder_rounds (mailbox, folder_id, since_at, created_items, oldest_received_at, phase, unordered, client_filter, updated_at)
       VALUES (?, ?, ?, 0, NULL, 'counting', FALSE, ?, ?)
       ON DUPLICATE KEY UPDATE since_at = VALUES(since_at), created_items = 0, oldest_received_at = NULL, phase = 'counting', unordered = FALSE,
         client_filter = VALUES(client_filter), updated_at = VALUES(updated_at)`,
      [mailbox, folderId, since, clientFilter, this.clock()],
    );
  }

  async noteRoundPage(mailbox: string, folderId: string, page: { items: number; oldest: Date | null; newest: Date | null; ordered: boolean }): Promise<void> {
    // Evaluated left to right by MariaDB: `unordered` compares with the oldest seen BEFORE this page.
    await this.pool.query(
      `UPDATE folder_rounds SET created_items = created_items + ?,
         unordered = unordered OR NOT ? OR (? IS NOT NULL AND oldest_received_at IS NOT NULL AND ? > oldest_received_at),
         oldest_received_at = CASE WHEN ? IS NULL THEN oldest_received_at WHEN oldest_received_at IS NULL THEN ? ELSE LEAST(oldest_received_at, ?) END,
         updated_at = ?
       WHERE mailbox = ? AND folder_id = ? AND phase = 'counting'`,
      [page.items, page.ordered, page.newest, page.newest, page.oldest, page.oldest, page.oldest, this.clock(), mailbox, folderId],
    );
  }

  async forgetFolder(mailbox: string, folderId: string): Promise<void> {
    // A folder's cursor, and those of its listings (`<folder id>~backfill~...`, `<folder id>~late~...`).
    await this.pool.query("DELETE FROM folder_cursors WHERE mailbox = ? AND (folder_id = ? OR LEFT(folder_id, CHAR_LENGTH(?) + 1) = CONCAT(?, '~'))", [mailbox, folderId, folderId, folderId]);
    await this.pool.query('DELETE FROM folder_rounds WHERE mailbox = ? AND folder_id = ?', [mailbox, folderId]);
  }

  async setRoundPhase(mailbox: string, folderId: string, phase: FolderRoundPhase): Promise<void> {
    await this.pool.query('UPDATE folder_rounds SET phase = ?, updated_at = ? WHERE mailbox = ? AND folder_id = ?', [phase, this.clock(), mailbox, folderId]);
  }

  async lateMatchBaseline(): Promise<{ revision: number; keys: LateMatchKeys } | null> {
    const [rows] = await this.pool.query<RowDataPacket[]>('SELECT crm_revision, keys_json FROM late_match_baseline WHERE id = 1');
    const row = rows[0];
    if (!row) return null;
    return { revision: Number(row['crm_revision']), keys: keysSchema.parse(JSON.parse(String(row['keys_json']))) };
  }

  async advanceLateMatchBaseline(from: number | null, revision: number, keys: LateMatchKeys, added: LateMatchKeys): Promise<boolean> {
    return withTransaction(this.pool, async (connection) => {
      const [rows] = await connection.query<RowDataPacket[]>('SELECT crm_revision FROM late_match_baseline WHERE id = 1 FOR UPDATE');
      const current = rows[0] ? Number(rows[0]['crm_revision']) : null;
      if (current !== from) return false;
      if (added.domains.length > 0 || added.addresses.length > 0) await insertLateMatchJob(connection, revision, added, this.clock());
      await connection.query(
        `INSERT INTO late_match_baseline (id, crm_revision, keys_json, updated_at) VALUES (1, ?, ?, ?)
         ON DUPLICATE KEY UPDATE crm_revision = VALUES(crm_revision), keys_json = VALUES(keys_json), updated_at = VALUES(updated_at)`,
        [revision, JSON.stringify(keys), this.clock()],
      );
      return true;
    });
  }

  async addLateMatchJob(crmRevision: number, keys: LateMatchKeys): Promise<number | null> {
    return withTransaction(this.pool, async (connection) => insertLateMatchJob(connection, crmRevision, keys, this.clock()));
  }

  async pendingLateMatchJobs(mailbox: string): Promise<LateMatchJob[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT j.id, j.keys_json FROM late_match_progress p JOIN late_match_jobs j ON j.id = p.job_id
       WHERE p.mailbox = ? AND p.done_at IS NULL ORDER BY j.id`,
      [mailbox],
    );
    return rows.map((row) => {
      const raw: unknown = row['keys_json'];
      return { id: Number(row['id']), keys: keysSchema.parse(typeof raw === 'string' ? JSON.parse(raw) : raw) };
    });
  }

  async finishLateMatchJob(jobId: number, mailbox: string): Promise<void> {
    await this.pool.query('UPDATE late_match_progress SET done_at = ? WHERE job_id = ? AND mailbox = ?', [this.clock(), jobId, mailbox]);
  }
}

/** A late-match job for every opted-in mailbox that has synced (never-synced ones read the whole window anyway). */
async function insertLateMatchJob(connection: PoolConnection, crmRevision: number, keys: LateMatchKeys, at: Date): Promise<number | null> {
  const [result] = await connection.query<ResultSetHeader>('INSERT IGNORE INTO late_match_jobs (crm_revision, keys_json, created_at) VALUES (?, ?, ?)', [
    crmRevision,
    JSON.stringify(keys),
    at,
  ]);
  if (result.affectedRows === 0) return null;
  const id = result.insertId;
  // One probe per mailbox (has it any cursor?), not a walk over every cursor: folder_cursors keeps
  // each finished listing's cursor (`<folder>~late~<job>`), so it grows with every job recorded.
  await connection.query(
    `INSERT IGNORE INTO late_match_progress (job_id, mailbox, done_at)
     SELECT ?, m.address, NULL FROM mailboxes m WHERE m.opted_in AND EXISTS (SELECT 1 FROM folder_cursors c WHERE c.mailbox = m.address)`,
    [id],
  );
  return id;
}
