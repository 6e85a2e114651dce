/**
 * The MariaDB implementation of the MailStore port. The store owns its pool: close() ends it.
 * Write paths run in transactions with deadlock retry (transaction.ts); commitPage writes the
 * page's emails and the folder's next cursor together, so the cursor never runs ahead of the mail.
 */
import { randomUUID } from 'node:crypto';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import { cycleSummarySchema, mailboxStateSchema, reasonCodeSchema } from '../../src-shared/domain.js';
import type { CycleSummary, EmailListItem, MailboxStatus, ReasonCode } from '../../src-shared/domain.js';
import { AppError } from '../../src-shared/errors.js';
import type { CrmSnapshot } from '@correspondent/contract';
import { decisionAuditRows } from './audit-decisions.js';
import { sealPending, stageAuditRecords } from './audit-seal.js';
import { readPageThreads, writePage } from './commit-page.js';
import { isLiveLease, LEASE_LIVE_SQL } from './leases.js';
import { knownItemIds } from './page-decisions.js';
import { validateCrmSnapshot } from './crm-snapshot.js';
import { readCrm, readCrmRevision, writeCrm } from './crm-tables.js';
import { listEmails, sentByUs } from './email-queries.js';
import { emailDetail, searchEmails } from './engagement-queries.js';
import type {
  Actor,
  CommitPageInput,
  CommitPageResult,
  DrainOutcome,
  EmailFilter,
  EmailReassignment,
  EmailSearchFilter,
  MailboxRecord,
  MailboxSummary,
  MailboxUpsert,
  MailStore,
  PurgeResult,
  PurgeTarget,
  SearchSend,
  StoredEmailDetail,
} from './mail-store.js';
import { normalisePurgeTarget } from './purge-target.js';
import { purgeOlderThan, purgeTarget, type PurgeContext } from './purge.js';
import { reassignEmail } from './reassign-email.js';
import { drainSearchOutbox, enqueueAllForSearch, searchBacklog } from './search-outbox.js';
import { MariaDbSyncStateStore } from './mariadb-sync-state.js';
import { settlePendingThreads } from './thread-settle.js';
import { MariaDbCrmRefreshStore } from './crm-refresh-store.js';
import type { CrmRefreshStore } from './crm-refresh-port.js';
import type { ExclusionStore } from './exclusion-store.js';
import { MariaDbExclusionStore } from './mariadb-exclusion-store.js';
import type { SyncStateStore } from './sync-state-store.js';
import { chunk, withTransaction } from './transaction.js';

export type MariaDbMailStoreOptions = {
  /**
   * Write search outbox rows (Elasticsearch configured). Off: the product runs on MariaDB alone and
   * nothing accumulates; `reindex` fills a later-configured index from MariaDB. Default off.
   */
  searchOutbox?: boolean;
  /** Source of "now" for updated_at / last_success_at; injected so tests control time. */
  clock?: () => Date;
  /** Unique id per commitPage transaction; injected only by tests that need determinism. */
  newBatchId?: () => string;
};

const flag = z.union([z.boolean(), z.number()]).transform((value) => Boolean(value));
const mailboxRecordRowSchema = z.object({ address: z.string(), display_name: z.string(), graph_user_id: z.string(), opted_in: flag });
const mailboxRowSchema = z.object({
  address: z.string(),
  display_name: z.string(),
  opted_in: flag,
  state: mailboxStateSchema,
  last_success_at: z.date().nullable(),
  last_error: z.string().nullable(),
  imported: z.coerce.number().int(),
  already_stored: z.coerce.number().int(),
});

export class MariaDbMailStore implements MailStore {
  private readonly clock: () => Date;
  private readonly newBatchId: () => string;
  private readonly searchOutbox: boolean;
  readonly syncState: SyncStateStore;
  readonly exclusions: ExclusionStore;
  readonly crmRefresh: CrmRefreshStore;

  constructor(
    private readonly pool: Pool,
    options: MariaDbMailStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.newBatchId = options.newBatchId ?? randomUUID;
    this.searchOutbox = options.searchOutbox ?? false;
    this.syncState = new MariaDbSyncStateStore(pool, this.clock);
    this.exclusions = new MariaDbExclusionStore(pool, this.clock);
    this.crmRefresh = new MariaDbCrmRefreshStore(pool, this.clock, this.searchOutbox);
  }

  async upsertMailboxes(mailboxes: MailboxUpsert[]): Promise<void> {
    const chosen = mailboxes.filter((m) => m.optedIn !== null);
    const keepChoice = mailboxes.filter((m) => m.optedIn === null);
    for (const part of chunk(chosen, 1000)) {
      await this.pool.query(
        `INSERT INTO mailboxes (address, display_name, graph_user_id, opted_in) VALUES ?
         ON DUPLICATE KEY UPDATE display_name = VALUES(display_name), graph_user_id = VALUES(graph_user_id), opted_in = VALUES(opted_in)`,
        [part.map((m) => [m.address, m.displayName, m.graphUserId, m.optedIn])],
      );
    }
    for (const part of chunk(keepChoice, 1000)) {
      await this.pool.query(
        `INSERT INTO mailboxes (address, display_name, graph_user_id, opted_in) VALUES ?
         ON DUPLICATE KEY UPDATE display_name = VALUES(display_name), graph_user_id = VALUES(graph_user_id)`,
        [part.map((m) => [m.address, m.displayName, m.graphUserId, false])],
      );
    }
    // The sync leases a mailbox by locking its lease row (SELECT ... FOR UPDATE SKIP LOCKED).
    for (const part of chunk(mailboxes, 1000)) {
      await this.pool.query('INSERT IGNORE INTO mailbox_leases (mailbox) VALUES ?', [part.map((m) => [m.address])]);
    }
  }

  async mailboxRecords(addresses: string[]): Promise<MailboxRecord[]> {
    const records: MailboxRecord[] = [];
    for (const part of chunk([...new Set(addresses)], 1000)) {
      const [rows] = await this.pool.query<RowDataPacket[]>(
        'SELECT address, display_name, graph_user_id, opted_in FROM mailboxes WHERE address IN (?) ORDER BY address',
        [part],
      );
      for (const row of rows) {
        const m = mailboxRecordRowSchema.parse(row);
        records.push({ address: m.address, displayName: m.display_name, graphUserId: m.graph_user_id, optedIn: m.opted_in });
      }
    }
    return records;
  }

  async listMailboxes(): Promise<MailboxStatus[]> {
    return this.mailboxRows(true);
  }

  async mailboxSummaries(): Promise<MailboxSummary[]> {
    return this.mailboxRows(false);
  }

  /**
   * Every mailbox with its state; `counts` adds its imported / already-stored figures, an
   * aggregate over every sighting joined to its email (linear in the stored mail: the console's
   * list and health pages ask for it, the sync cycle does not).
   */
  private async mailboxRows(counts: true): Promise<MailboxStatus[]>;
  private async mailboxRows(counts: false): Promise<MailboxSummary[]>;
  private async mailboxRows(counts: boolean): Promise<MailboxSummary[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      // An email counts as imported by the mailbox it was first stored from, and as already stored
      // for every other mailbox that saw it: summed over mailboxes, "imported" is the emails stored.
      `SELECT m.address, m.display_name, m.opted_in, m.state, m.last_success_at, m.last_error,
              ${counts ? 'COALESCE(s.imported, 0)' : '0'} AS imported, ${counts ? 'COALESCE(s.already_stored, 0)' : '0'} AS already_stored,
              l.holder, l.holder_host, l.holder_pid, l.holder_scope, ${LEASE_LIVE_SQL} AS lease_live
       FROM mailboxes m
       ${
         counts
           ? `LEFT JOIN (
         SELECT es.mailbox,
                COUNT(DISTINCT IF(e.first_mailbox = es.mailbox, es.email_id, NULL)) AS imported,
                COUNT(DISTINCT IF(e.first_mailbox = es.mailbox, NULL, es.email_id)) AS already_stored
         FROM email_sightings es JOIN emails e ON e.id = es.email_id
         GROUP BY es.mailbox
       ) s ON s.mailbox = m.address`
           : ''
       }
       LEFT JOIN mailbox_leases l ON l.mailbox = m.address
       ORDER BY m.address`,
    );
    return rows.map((row) => {
      const m = mailboxRowSchema.parse(row);
      // 'syncing' is only true while the process syncing it lives (issue 20): otherwise it was interrupted.
      const interrupted = m.state === 'syncing' && !isLiveLease(row);
      const summary: MailboxSummary = {
        address: m.address,
        displayName: m.display_name,
        optedIn: m.opted_in,
        state: interrupted ? 'interrupted' : m.state,
        lastSuccessAt: m.last_success_at === null ? null : m.last_success_at.toISOString(),
        lastError: interrupted ? (m.last_error ?? `Its sync stopped when the process syncing it (${String(row['holder'] ?? 'unknown')}) ended; the next cycle resumes it.`) : m.last_error,
      };
      return counts ? { ...summary, imported: m.imported, alreadyStored: m.already_stored } : summary;
    });
  }

  async setMailboxState(address: string, state: MailboxStatus['state'], error: string | null): Promise<void> {
    const successAt = state === 'ok' ? this.clock() : null;
    await this.pool.query(
      'UPDATE mailboxes SET state = ?, last_error = ?, last_success_at = COALESCE(?, last_success_at) WHERE address = ?',
      [state, error, successAt, address],
    );
  }

  async getFolderCursor(mailbox: string, folderId: string): Promise<string | null> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT cursor_url FROM folder_cursors WHERE mailbox = ? AND folder_id = ?',
      [mailbox, folderId],
    );
    const cursor = rows[0]?.['cursor_url'];
    return typeof cursor === 'string' ? cursor : null;
  }

  async commitPage(input: CommitPageInput): Promise<CommitPageResult> {
    // The page's new decisions (known only inside its transaction: page-decisions.ts) are staged
    // in that transaction, without the audit lock, and sealed into the chain after it
    // (audit-seal.ts): page commits of different mailboxes run in parallel.
    let staged = 0;
    const threads = await readPageThreads(this.pool, input);
    const result = await withTransaction(this.pool, async (connection) => {
      const now = this.clock();
      const { counted, ...written } = await writePage(connection, input, { now, batch: this.newBatchId(), searchOutbox: this.searchOutbox, threads });
      const audit = decisionAuditRows(input.mailbox, counted);
      await stageAuditRecords(connection, audit, now);
      staged = audit.length;
      return written;
    });
    // Without waiting: when another session holds the audit lock, it seals ours too; the end of the
    // cycle and every reader seal what is left. The page is committed whatever this does.
    if (staged > 0) await sealPending(this.pool, { wait: false }).catch(() => undefined);
    // Likewise the threads: the emails waiting for this page's new ones move now (thread-settle.ts).
    if (result.inserted > 0) await settlePendingThreads(this.pool, { wait: false }).catch(() => undefined);
    return result;
  }

  async knownItems(mailbox: string, itemIds: readonly string[]): Promise<Set<string>> {
    return knownItemIds(this.pool, mailbox, itemIds);
  }

  async listEmails(filter: EmailFilter): Promise<{ items: EmailListItem[]; total: number }> {
    return listEmails(this.pool, filter);
  }

  // --- console engagements (engagement-queries.ts, reassign-email.ts) ---
  async searchEmails(filter: EmailSearchFilter): Promise<{ items: EmailListItem[]; total: number }> {
    return searchEmails(this.pool, filter);
  }

  async emailDetail(id: number): Promise<StoredEmailDetail | null> {
    return emailDetail(this.pool, id);
  }

  async reassignEmail(id: number, change: EmailReassignment, by: Actor): Promise<boolean> {
    return reassignEmail(this.pool, id, change, by, { now: this.clock(), searchOutbox: this.searchOutbox });
  }
  // --- end console engagements ---

  async replaceCrm(snapshot: CrmSnapshot): Promise<void> {
    const { snapshot: valid, rejected } = validateCrmSnapshot(snapshot);
    if (rejected.length > 0) {
      throw new AppError('invalid-input', `The CRM snapshot has ${rejected.length} invalid row(s); first: ${rejected[0]?.reason ?? ''}.`);
    }
    await withTransaction(this.pool, (connection) => writeCrm(connection, valid, this.clock()));
  }

  async sentByUs(keys: readonly string[], isOurAddress: (address: string) => boolean): Promise<Set<string>> {
    return sentByUs(this.pool, keys, isOurAddress);
  }

  async crmRevision(): Promise<number> {
    return readCrmRevision(this.pool);
  }

  async skipCounts(mailbox?: string): Promise<Partial<Record<ReasonCode, number>>> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      mailbox === undefined
        ? 'SELECT reason_code, SUM(skipped) AS n FROM mailbox_skip_counts GROUP BY reason_code'
        : 'SELECT reason_code, SUM(skipped) AS n FROM mailbox_skip_counts WHERE mailbox = ? GROUP BY reason_code',
      mailbox === undefined ? [] : [mailbox],
    );
    const counts: Partial<Record<ReasonCode, number>> = {};
    for (const row of rows) {
      const code = reasonCodeSchema.safeParse(row['reason_code']);
      if (code.success) counts[code.data] = Number(row['n']);
    }
    return counts;
  }

  async searchBacklog(): Promise<number> {
    return searchBacklog(this.pool);
  }

  async drainSearchOutbox(limit: number, send: SearchSend): Promise<DrainOutcome> {
    return drainSearchOutbox(this.pool, limit, send);
  }

  async enqueueAllForSearch(): Promise<number> {
    return enqueueAllForSearch(this.pool);
  }

  async purge(target: PurgeTarget, by: Actor): Promise<PurgeResult> {
    return purgeTarget(this.purgeContext(by), normalisePurgeTarget(target));
  }

  async purgeOlderThan(days: number, by: Actor): Promise<PurgeResult> {
    if (!Number.isInteger(days) || days < 1) throw new AppError('invalid-input', `Retention must be a whole number of days of at least 1, not ${days}.`);
    return purgeOlderThan(this.purgeContext(by), days);
  }

  async countSentBefore(cutoff: Date): Promise<number> {
    const [[row]] = await this.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM emails WHERE sent_at < ?', [cutoff]);
    return Number(row?.['n'] ?? 0);
  }

  private purgeContext(by: Actor): PurgeContext {
    return { pool: this.pool, now: this.clock(), searchOutbox: this.searchOutbox, actor: by.actor, source: by.source };
  }

  async loadCrm(): Promise<CrmSnapshot> {
    return readCrm(this.pool);
  }

  async recordCycle(summary: CycleSummary, finishedAt: Date): Promise<void> {
    // The end of a cycle seals, waiting for the lock, what page commits staged and left (audit-seal.ts),
    // and settles the threads they left pending (thread-settle.ts).
    await settlePendingThreads(this.pool, { wait: true });
    await sealPending(this.pool, { wait: true });
    await this.pool.query('INSERT INTO sync_cycles (finished_at, summary_json) VALUES (?, ?)', [
      finishedAt,
      JSON.stringify(cycleSummarySchema.parse(summary)),
    ]);
  }

  async lastCycle(): Promise<{ cycle: CycleSummary; finishedAt: string } | null> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT finished_at, summary_json FROM sync_cycles ORDER BY finished_at DESC, id DESC LIMIT 1',
    );
    const row = rows[0];
    if (!row) return null;
    const raw: unknown = row['summary_json'];
    const cycle = cycleSummarySchema.parse(typeof raw === 'string' ? JSON.parse(raw) : raw);
    return { cycle, finishedAt: z.date().parse(row['finished_at']).toISOString() };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async setOptIn(addresses: string[], optedIn: boolean): Promise<number> {
    let found = 0;
    for (const part of chunk([...new Set(addresses.map((a) => a.trim().toLowerCase()))], 1000)) {
      const [rows] = await this.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM mailboxes WHERE address IN (?)', [part]);
      found += Number(rows[0]?.['n'] ?? 0);
      await this.pool.query('UPDATE mailboxes SET opted_in = ? WHERE address IN (?)', [optedIn, part]);
    }
    return found;
  }
}
