/**
 * The MariaDB implementation of the MailStore port. The store owns its pool: close() ends it.
 * Write paths run in transactions with deadlock retry (transaction.ts); commitPage writes the
 * page's emails and the folder's next cursor together, so the cursor never runs ahead of the mail.
 */
import { randomUUID } from 'node:crypto';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import { cycleSummarySchema, mailboxStateSchema } from '../../src-shared/domain.js';
import type { CycleSummary, EmailListItem, MailboxStatus } from '../../src-shared/domain.js';
import type { CrmSnapshot } from '../crm/crm-types.js';
import { writePage } from './commit-page.js';
import { readCrm, writeCrm } from './crm-tables.js';
import { listEmails } from './email-queries.js';
import type { CommitPageInput, CommitPageResult, EmailFilter, MailboxRecord, MailboxUpsert, MailStore } from './mail-store.js';
import { chunk, withTransaction } from './transaction.js';

export type MariaDbMailStoreOptions = {
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
});

export class MariaDbMailStore implements MailStore {
  private readonly clock: () => Date;
  private readonly newBatchId: () => string;

  constructor(
    private readonly pool: Pool,
    options: MariaDbMailStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.newBatchId = options.newBatchId ?? randomUUID;
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
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT m.address, m.display_name, m.opted_in, m.state, m.last_success_at, m.last_error, COALESCE(s.imported, 0) AS imported
       FROM mailboxes m
       LEFT JOIN (SELECT mailbox, COUNT(DISTINCT email_id) AS imported FROM email_sightings GROUP BY mailbox) s ON s.mailbox = m.address
       ORDER BY m.address`,
    );
    return rows.map((row) => {
      const m = mailboxRowSchema.parse(row);
      return {
        address: m.address,
        displayName: m.display_name,
        optedIn: m.opted_in,
        state: m.state,
        lastSuccessAt: m.last_success_at === null ? null : m.last_success_at.toISOString(),
        lastError: m.last_error,
        imported: m.imported,
      };
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
    return withTransaction(this.pool, (connection) => writePage(connection, input, this.clock(), this.newBatchId()));
  }

  async listEmails(filter: EmailFilter): Promise<{ items: EmailListItem[]; total: number }> {
    return listEmails(this.pool, filter);
  }

  async replaceCrm(snapshot: CrmSnapshot): Promise<void> {
    await withTransaction(this.pool, (connection) => writeCrm(connection, snapshot));
  }

  async loadCrm(): Promise<CrmSnapshot> {
    return readCrm(this.pool);
  }

  async recordCycle(summary: CycleSummary, finishedAt: Date): Promise<void> {
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
}
