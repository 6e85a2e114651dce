/**
 * The audit log in MariaDB: appends go through the chained writer (audit-append.ts), staged page
 * entries are sealed into the chain before a reader reads (audit-seal.ts); reads are
 * keyset pages on the primary key (seq), so an export of millions of entries reads page after
 * page with constant memory and never an OFFSET scan.
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import type { AuditRecord } from '../audit/audit-entry.js';
import type { AuditAppendRow, AuditQuery, AuditStore } from '../audit/audit-store.js';
import { appendAuditRecords } from './audit-append.js';
import { entryColumnsSchema, payloadOf } from './audit-chain.js';
import { sealPending } from './audit-seal.js';
import { auditGrantStatements, listTables, type DbAccount } from './audit-grants.js';

const rowSchema = entryColumnsSchema.extend({
  seq: z.coerce.number().int(),
  prev_hash: z.string().nullable(),
  hash: z.string().nullable(),
});

export function auditRecordOf(row: unknown): AuditRecord {
  const r = rowSchema.parse(row);
  return {
    seq: r.seq,
    at: r.at.toISOString(),
    actor: r.actor,
    source: r.source,
    action: r.action,
    payload: payloadOf(r),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export class MariaDbAuditStore implements AuditStore {
  constructor(private readonly pool: Pool) {}

  async append(entries: readonly AuditAppendRow[], at: Date): Promise<void> {
    await appendAuditRecords(this.pool, entries, at);
  }

  /** Seals the entries page commits staged (audit-seal.ts), so a reader that calls this first sees every committed entry. */
  async sealPending(): Promise<void> {
    await sealPending(this.pool, { wait: true });
  }

  async read(query: AuditQuery): Promise<AuditRecord[]> {
    const { where, params } = filterOf(query);
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT seq, at, actor, source, action, payload_json, prev_hash, hash FROM audit_log
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq ${query.order === 'asc' ? 'ASC' : 'DESC'} LIMIT ?`,
      [...params, query.limit],
    );
    return rows.map(auditRecordOf);
  }

  async count(query: Omit<AuditQuery, 'order' | 'limit' | 'afterSeq' | 'beforeSeq'>): Promise<number> {
    const { where, params } = filterOf(query);
    const [[row]] = await this.pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`, params);
    return Number(row?.['n'] ?? 0);
  }

  async seqRange(from: Date | null, to: Date | null): Promise<{ first: number; last: number } | null> {
    const [[first]] = await this.pool.query<RowDataPacket[]>(
      from === null ? 'SELECT MIN(seq) AS seq FROM audit_log' : 'SELECT MIN(seq) AS seq FROM audit_log WHERE at >= ?',
      from === null ? [] : [from],
    );
    const [[last]] = await this.pool.query<RowDataPacket[]>(
      to === null ? 'SELECT MAX(seq) AS seq FROM audit_log' : 'SELECT MAX(seq) AS seq FROM audit_log WHERE at < ?',
      to === null ? [] : [to],
    );
    const a = first?.['seq'];
    const b = last?.['seq'];
    if (a === null || a === undefined || b === null || b === undefined || Number(a) > Number(b)) return null;
    return { first: Number(a), last: Number(b) };
  }

  /** The GRANT statements for this database's current tables (audit-grants.ts). */
  async grantStatements(app: DbAccount, admin: DbAccount): Promise<string[]> {
    const { database, tables } = await listTables(this.pool);
    return auditGrantStatements({ database, tables, app, admin });
  }
}

/** The WHERE clauses of an audit query (parameterised). */
function filterOf(query: Partial<AuditQuery>): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    where.push(sql);
    params.push(value);
  };
  if (query.afterSeq !== undefined) add('seq > ?', query.afterSeq);
  if (query.beforeSeq !== undefined) add('seq < ?', query.beforeSeq);
  if (query.fromSeq !== undefined) add('seq >= ?', query.fromSeq);
  if (query.throughSeq !== undefined) add('seq <= ?', query.throughSeq);
  if (query.from !== undefined) add('at >= ?', query.from);
  if (query.to !== undefined) add('at < ?', query.to);
  if (query.actions !== undefined && query.actions.length > 0) add('action IN (?)', [...query.actions]);
  if (query.actor !== undefined) add("LOWER(actor) LIKE ? ESCAPE '!'", `%${escapeLike(query.actor.toLowerCase())}%`);
  if (query.mailbox !== undefined) {
    // JSON_SEARCH compares like LIKE: the address is escaped so `_` in it is not a wildcard.
    add("JSON_SEARCH(LOWER(payload_json), 'one', ?, '!', '$.mailbox', '$.errors[*].mailbox') IS NOT NULL", escapeLike(query.mailbox.toLowerCase()));
  }
  if (query.seqs !== undefined) add('seq IN (?)', query.seqs.length > 0 ? [...query.seqs] : [0]);
  return { where, params };
}

/** LIKE / JSON_SEARCH pattern text matching itself literally (escape character `!`). */
function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}
