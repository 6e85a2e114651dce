/** The audit log's storage port: MariaDB implements it (store/mariadb-audit-store.ts); unit tests use an in-memory one. */
import type { AuditRecord } from './audit-entry.js';

export type AuditAppendRow = { actor: string; source: string; action: string; payload: unknown };

export type AuditQuery = {
  /** Keyset: entries with seq greater than this (ascending reads) or less than it (descending). */
  afterSeq?: number;
  beforeSeq?: number;
  /** Inclusive lower and upper bounds on seq (an export's contiguous range). */
  fromSeq?: number;
  throughSeq?: number;
  /** Entry time, from inclusive, to exclusive. */
  from?: Date;
  to?: Date;
  actions?: readonly string[];
  /** Actor contains this text, case-insensitive. */
  actor?: string;
  /** The payload names this mailbox (case-insensitive): `mailbox`, or `errors[*].mailbox` of a cycle. */
  mailbox?: string;
  /** Exactly these seqs. */
  seqs?: readonly number[];
  order: 'asc' | 'desc';
  limit: number;
};

export interface AuditStore {
  /** Appends entries, hash-chained, in one transaction, all with the time `at`. */
  append(entries: readonly AuditAppendRow[], at: Date): Promise<void>;
  /**
   * Moves entries that writers staged (MariaDB page commits, store/audit-seal.ts) into the chain.
   * Whoever verifies, exports or lists the log calls it first, so it reads every committed entry.
   * Stores that chain every entry when it is written have nothing to do and may leave it out.
   */
  sealPending?(): Promise<void>;
  read(query: AuditQuery): Promise<AuditRecord[]>;
  /** How many entries the query's filters select (its keyset bound, order and limit ignored). */
  count(query: Omit<AuditQuery, 'order' | 'limit' | 'afterSeq' | 'beforeSeq'>): Promise<number>;
  /** The contiguous seq range of the entries in [from, to): first entry at or after `from`, last before `to`. */
  seqRange(from: Date | null, to: Date | null): Promise<{ first: number; last: number } | null>;
}
