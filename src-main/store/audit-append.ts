/**
 * The one place the store writes the audit log: the hash-chained append (src-main/audit/audit-hash.ts).
 *
 * Several writers (sync workers, the console, the CLI) append to one table, and a chain must have
 * neither forks (two entries claiming the same predecessor) nor gaps. So every append holds a
 * named lock (GET_LOCK, per database) from reading the chain head to the COMMIT of its rows, reads
 * the head with a locking read (the latest committed row, whatever the transaction's snapshot),
 * and numbers its entries itself (head + 1, ...) rather than through AUTO_INCREMENT, whose values
 * a rolled-back transaction would burn. The lock is session-level, so it is released after the
 * commit and in every failure path.
 *
 * The lock is taken BEFORE the transaction's first statement: a transaction that waited for it
 * while holding row locks (emails of a page) would prolong those locks and, under concurrent
 * sync workers, turn occasional InnoDB deadlocks into retry storms (seen in the walking skeleton).
 * Taken first, it holds no row lock while waiting, so no lock cycle can pass through it; the price
 * is that audited transactions of one database (page commits) run one at a time.
 * The app's database user needs only SELECT and INSERT on audit_log (docs/audit.md).
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { AppError } from '../../src-shared/errors.js';
import { canonicalJson } from '../audit/canonical-json.js';
import { chainHash, GENESIS_HASH } from '../audit/audit-hash.js';
import { chunk } from './transaction.js';

export type AuditAppend = {
  /** Who asked: a user, `cli:<os user>`, `system:retention`, `system:sync`. */
  actor: string;
  /** Which shell or service wrote it: `electron`, `headless`, `cli`, `sync`. */
  source: string;
  action: string;
  /** Never message content; for erasures, never the erased address itself (purge.ts). */
  payload: unknown;
};

export type ChainHead = { seq: number; hash: string };

const LOCK_TIMEOUT_SECONDS = 60;
const ROWS_PER_INSERT = 500;
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 5;

/** Appends one entry in a transaction of its own. */
export async function appendAuditRecord(pool: Pool, record: AuditAppend, at: Date): Promise<void> {
  await appendAuditRecords(pool, [record], at);
}

export async function appendAuditRecords(pool: Pool, records: readonly AuditAppend[], at: Date): Promise<void> {
  if (records.length === 0) return;
  await withChainedTransaction(pool, records, async () => undefined, () => at);
}

/**
 * Runs `work` in a transaction whose last step appends `audit`, so the entries commit with the
 * change they describe or not at all. Deadlocks are retried from the start. Without entries it is
 * a plain transaction (no audit lock).
 */
export async function withChainedTransaction<T>(
  pool: Pool,
  audit: readonly AuditAppend[],
  work: (connection: PoolConnection) => Promise<T>,
  now: () => Date,
): Promise<T> {
  return withAuditedTransaction(pool, audit.length > 0, async (connection) => ({ value: await work(connection), audit }), now);
}

/**
 * Like withChainedTransaction, for changes whose audit entries depend on what the transaction
 * read (before/after values): `work` returns them with its value. `audited` says whether to take
 * the audit lock up front (it must be held before the first statement, or concurrent writers
 * deadlock on the chain head).
 */
export async function withAuditedTransaction<T>(
  pool: Pool,
  audited: boolean,
  work: (connection: PoolConnection) => Promise<{ value: T; audit: readonly AuditAppend[] }>,
  now: () => Date,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const connection = await pool.getConnection();
    let lock: string | null = null;
    try {
      if (audited) lock = await takeAuditLock(connection);
      await connection.beginTransaction();
      const { value, audit } = await work(connection);
      if (audit.length > 0) {
        if (lock === null) throw new Error('audit entries need the audit lock taken before the transaction');
        await appendLocked(connection, audit, now());
      }
      await connection.commit();
      return value;
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      const code = (error as { code?: unknown }).code;
      if (attempt >= MAX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
    } finally {
      if (lock !== null) await connection.query('SELECT RELEASE_LOCK(?)', [lock]).catch(() => undefined);
      connection.release();
    }
  }
}

/** Takes the per-database audit lock on this session; returns its name for RELEASE_LOCK. */
export async function takeAuditLock(connection: PoolConnection): Promise<string> {
  const [[database]] = await connection.query<RowDataPacket[]>('SELECT DATABASE() AS name');
  const name = `correspondent.audit.${String(database?.['name'] ?? '')}`.slice(0, 64);
  const [[row]] = await connection.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS acquired', [name, LOCK_TIMEOUT_SECONDS]);
  if (Number(row?.['acquired']) !== 1) {
    throw new AppError('database-unavailable', `Timed out after ${LOCK_TIMEOUT_SECONDS}s waiting to append to the audit log.`, { retryable: true });
  }
  return name;
}

/** The last entry, read with a locking read so it is the latest committed one. Legacy (unhashed) rows chain from GENESIS. */
export async function readChainHead(connection: PoolConnection): Promise<ChainHead | null> {
  const [rows] = await connection.query<RowDataPacket[]>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1 LOCK IN SHARE MODE');
  const row = rows[0];
  if (!row) return null;
  const hash = row['hash'];
  return { seq: Number(row['seq']), hash: typeof hash === 'string' ? hash : GENESIS_HASH };
}

/** Appends after the head. The caller holds the audit lock and an open transaction. */
export async function appendLocked(connection: PoolConnection, records: readonly AuditAppend[], at: Date): Promise<ChainHead> {
  const head = (await readChainHead(connection)) ?? { seq: 0, hash: GENESIS_HASH };
  const atIso = at.toISOString();
  let { seq, hash } = head;
  const rows = records.map((record) => {
    const payload = JSON.parse(canonicalJson(record.payload)) as unknown;
    const prevHash = hash;
    seq += 1;
    hash = chainHash({ seq, at: atIso, actor: record.actor, source: record.source, action: record.action, payload, prevHash });
    return [seq, at, record.actor, record.source, record.action, canonicalJson(payload), prevHash, hash];
  });
  for (const part of chunk(rows, ROWS_PER_INSERT)) {
    await connection.query('INSERT INTO audit_log (seq, at, actor, source, action, payload_json, prev_hash, hash) VALUES ?', [part]);
  }
  return { seq, hash };
}
