/**
 * Checks a hash chain entry by entry, in seq order, with constant memory: the same code verifies
 * the database (read page by page) and an exported JSONL file (read line by line), and stops at
 * the first broken entry, which it names.
 *
 * What a break means:
 * - changed: the entry's fields no longer give its hash (edited; or moved to another seq);
 * - missing: a seq is skipped (an entry was deleted);
 * - unlinked: prev_hash is not the previous entry's hash (an entry was replaced or inserted);
 * - out-of-order: seqs go backwards;
 * - unchained: an entry without hash after the chain began (only a legacy prefix may lack one);
 * - unanchored: the log starts after seq 1 and no `audit.trimmed` entry accounts for the gap.
 */
import type { AuditRecord } from './audit-entry.js';
import { chainHash, GENESIS_HASH } from './audit-hash.js';

export type ChainBreakKind = 'changed' | 'missing' | 'unlinked' | 'out-of-order' | 'unchained' | 'unanchored' | 'malformed';
export type ChainBreak = { seq: number; kind: ChainBreakKind; message: string };

export type VerifyOptions = {
  /**
   * An export of a time range: the first entry may follow entries that are not in the file (its
   * prev_hash cannot be checked here) and trims before it need no record in the file.
   */
  partial?: boolean;
};

export type VerifyResult = {
  ok: boolean;
  /** Entries checked (legacy rows included). */
  entries: number;
  /** Rows written before the chain existed (no hash), allowed only as a prefix. */
  legacy: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** The hash of the last entry: keep it elsewhere to detect a later truncation of the log. */
  headHash: string | null;
  /** How the first chained entry is anchored. */
  anchor: 'genesis' | 'trim' | 'outside-file' | null;
  firstBreak: ChainBreak | null;
};

const HEX64 = /^[0-9a-f]{64}$/;

export class ChainVerifier {
  private entries = 0;
  private legacy = 0;
  private firstSeq: number | null = null;
  private lastSeq: number | null = null;
  private lastHash: string | null = null;
  private anchor: VerifyResult['anchor'] = null;
  private pendingAnchor: { seq: number; prevHash: string } | null = null;
  private broken: ChainBreak | null = null;

  constructor(private readonly options: VerifyOptions = {}) {}

  /** Checks the next entry; returns the break (also kept for finish()) or null. After a break, further entries are ignored. */
  push(record: AuditRecord): ChainBreak | null {
    if (this.broken) return this.broken;
    const fail = (kind: ChainBreakKind, message: string, seq = record.seq): ChainBreak => (this.broken = { seq, kind, message });
    if (!Number.isSafeInteger(record.seq) || record.seq < 1) return fail('malformed', `An entry has an invalid seq (${String(record.seq)}).`, 0);
    const previous = this.lastSeq;
    if (previous !== null && record.seq <= previous) return fail('out-of-order', `Entry ${record.seq} comes after entry ${previous}: the entries were reordered.`);
    if (previous !== null && record.seq !== previous + 1) {
      return fail('missing', `Entry ${previous + 1} is missing where expected (the next entry is ${record.seq}): entries were deleted or reordered.`, previous + 1);
    }
    this.entries += 1;
    this.firstSeq ??= record.seq;
    this.lastSeq = record.seq;

    if (record.hash === null || record.prevHash === null) {
      if (this.anchor !== null) return fail('unchained', `Entry ${record.seq} has no hash, after the chain began: it was inserted or altered.`);
      this.legacy += 1;
      return null;
    }
    if (!HEX64.test(record.hash) || !HEX64.test(record.prevHash)) return fail('malformed', `Entry ${record.seq} has a malformed hash.`);
    const expected = chainHash({ ...record, prevHash: record.prevHash });
    if (expected !== record.hash) return fail('changed', `Entry ${record.seq} does not match its hash: its content, time, actor, source, action or seq was changed.`);

    if (this.anchor === null) {
      this.startChain(record.seq, record.prevHash);
    } else if (record.prevHash !== this.lastHash) {
      return fail('unlinked', `Entry ${record.seq} does not follow entry ${record.seq - 1} (prev_hash differs): an entry was replaced, inserted or reordered.`);
    }
    this.lastHash = record.hash;
    this.resolveAnchor(record);
    return null;
  }

  finish(): VerifyResult {
    if (!this.broken && this.pendingAnchor) {
      const seq = this.pendingAnchor.seq;
      this.broken = { seq, kind: 'unanchored', message: `The log starts at entry ${seq} and no audit.trimmed entry accounts for entries before it: they were deleted.` };
    }
    return {
      ok: this.broken === null,
      entries: this.entries,
      legacy: this.legacy,
      firstSeq: this.firstSeq,
      lastSeq: this.lastSeq,
      headHash: this.lastHash,
      anchor: this.anchor,
      firstBreak: this.broken,
    };
  }

  private startChain(seq: number, prevHash: string): void {
    if (prevHash === GENESIS_HASH && (seq === 1 || this.legacy > 0)) {
      this.anchor = 'genesis';
    } else if (this.options.partial && this.legacy === 0) {
      this.anchor = 'outside-file';
    } else {
      this.anchor = 'trim';
      this.pendingAnchor = { seq, prevHash };
    }
  }

  /** A trim record later in the chain vouches for the start: it names the last trimmed seq and its hash. */
  private resolveAnchor(record: AuditRecord): void {
    if (!this.pendingAnchor || record.action !== 'audit.trimmed') return;
    const payload = record.payload as { throughSeq?: unknown; lastHash?: unknown } | null;
    if (payload?.throughSeq === this.pendingAnchor.seq - 1 && payload.lastHash === this.pendingAnchor.prevHash) this.pendingAnchor = null;
  }
}
