/**
 * The hash chain's write primitives (src-main/audit/audit-hash.ts), shared by the direct append
 * (audit-append.ts), the seal of staged page entries (audit-seal.ts) and the trim (audit-trim.ts).
 *
 * A chain must have neither forks (two entries claiming the same predecessor) nor gaps. So every
 * writer holds a named lock (GET_LOCK, per database) from reading the chain head to the COMMIT of
 * its rows, reads the head with a locking read (the latest committed row, whatever the
 * transaction's snapshot), and numbers its entries itself (head + 1, ...) rather than through
 * AUTO_INCREMENT, whose values a rolled-back transaction would burn. The lock is session-level:
 * callers release it after the commit and in every failure path.
 */
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import { AppError } from '../../src-shared/errors.js';
import { canonicalJson } from '../audit/canonical-json.js';
import { chainHash, GENESIS_HASH } from '../audit/audit-hash.js';
import { chunk } from './transaction.js';
import { releaseNamedLock, takeNamedLock } from './named-lock.js';

export type AuditAppend = {
  /** Who asked: a user, `cli:<os user>`, `system:retention`, `system:sync`. */
  actor: string;
  /** Which shell or service wrote it: `electron`, `headless`, `cli`, `sync`. */
  source: string;
  action: string;
  /** Never message content; for erasures, never the erased address itself (purge.ts). */
  payload: unknown;
};

/** An entry with its own time: staged page entries keep the time of their page. */
export type TimedAuditAppend = AuditAppend & { at: Date };

export type ChainHead = { seq: number; hash: string };

/** The entry columns audit_log and audit_pending share, as the driver returns them. */
export const entryColumnsSchema = z.object({
  at: z.date(),
  actor: z.string(),
  source: z.string(),
  action: z.string(),
  payload_json: z.union([z.string(), z.record(z.string(), z.unknown())]),
});

/** payload_json as a value (MariaDB's JSON is text; a driver may return it parsed). */
export function payloadOf(row: z.infer<typeof entryColumnsSchema>): unknown {
  return typeof row.payload_json === 'string' ? (JSON.parse(row.payload_json) as unknown) : row.payload_json;
}

const LOCK_TIMEOUT_SECONDS = 60;
const ROWS_PER_INSERT = 500;

/** Takes the per-database audit lock on this session (waiting up to a minute); returns its name for releaseAuditLock. */
export async function takeAuditLock(connection: PoolConnection): Promise<string> {
  const name = await takeNamedLock(connection, 'audit', LOCK_TIMEOUT_SECONDS);
  if (name === null) {
    throw new AppError('database-unavailable', `Timed out after ${LOCK_TIMEOUT_SECONDS}s waiting to append to the audit log.`, { retryable: true });
  }
  return name;
}

/** Takes the audit lock only if it is free right now (GET_LOCK with timeout 0); null when another session holds it. */
export async function tryAuditLock(connection: PoolConnection): Promise<string | null> {
  return takeNamedLock(connection, 'audit', 0);
}

/** Releases the lock; never throws (the session may be gone, which releases it too). */
export const releaseAuditLock = releaseNamedLock;

/** The last entry, read with a locking read so it is the latest committed one. Legacy (unhashed) rows chain from GENESIS. */
export async function readChainHead(connection: PoolConnection): Promise<ChainHead | null> {
  const [rows] = await connection.query<RowDataPacket[]>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1 LOCK IN SHARE MODE');
  const row = rows[0];
  if (!row) return null;
  const hash = row['hash'];
  return { seq: Number(row['seq']), hash: typeof hash === 'string' ? hash : GENESIS_HASH };
}

/** Appends entries after the head, in the order given. The caller holds the audit lock and an open transaction. */
export async function insertChained(connection: PoolConnection, entries: readonly TimedAuditAppend[]): Promise<ChainHead> {
  const head = (await readChainHead(connection)) ?? { seq: 0, hash: GENESIS_HASH };
  let { seq, hash } = head;
  const rows = entries.map((entry) => {
    const payload = JSON.parse(canonicalJson(entry.payload)) as unknown;
    const prevHash = hash;
    seq += 1;
    hash = chainHash({ seq, at: entry.at.toISOString(), actor: entry.actor, source: entry.source, action: entry.action, payload, prevHash });
    return [seq, entry.at, entry.actor, entry.source, entry.action, canonicalJson(payload), prevHash, hash];
  });
  for (const part of chunk(rows, ROWS_PER_INSERT)) {
    await connection.query('INSERT INTO audit_log (seq, at, actor, source, action, payload_json, prev_hash, hash) VALUES ?', [part]);
  }
  return { seq, hash };
}

/** Appends after the head, all with the time `at`. The caller holds the audit lock and an open transaction. */
export async function appendLocked(connection: PoolConnection, records: readonly AuditAppend[], at: Date): Promise<ChainHead> {
  return insertChained(connection, records.map((record) => ({ ...record, at })));
}
