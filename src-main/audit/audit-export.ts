/**
 * Streams the audit log to any Writable (a file, stdout, an HTTP response, an Electron save path)
 * as CSV or JSON lines, with bounded memory however long the log: keyset pages on seq, and each
 * write waits for 'drain' when the destination pushes back. A time range becomes the contiguous
 * seq range from the first entry at or after `from` to the last one before `to`, so the exported
 * chain verifies end to end (entries of workers with slightly skewed clocks stay in). An action
 * filter (or an actor or mailbox filter) leaves gaps: such an export verifies entry by entry, not as one chain.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { AuditStore } from './audit-store.js';
import { csvHeader, csvLine, jsonLine, type ExportFormat } from './audit-format.js';

export type AuditExportOptions = {
  format: ExportFormat;
  from: Date | null;
  to: Date | null;
  /** Only these actions (null: all). */
  actions: readonly string[] | null;
  /** Only entries by this actor / about this mailbox (see AuditQuery); gaps like an action filter. */
  actor?: string | null;
  mailbox?: string | null;
  pageSize?: number;
  /** After each page: entries written so far and the number the range holds at most. */
  onProgress?: (written: number, total: number) => void;
};

export type AuditExportResult = { entries: number; firstSeq: number | null; lastSeq: number | null };

const DEFAULT_PAGE_SIZE = 2000;

export async function exportAudit(store: AuditStore, out: Writable, options: AuditExportOptions): Promise<AuditExportResult> {
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await store.sealPending?.(); // staged page entries join the chain first: the export holds every committed entry
  if (options.format === 'csv') await write(csvHeader());
  const range = await store.seqRange(options.from, options.to);
  if (range === null) return { entries: 0, firstSeq: null, lastSeq: null };
  const total = range.last - range.first + 1;
  const line = options.format === 'csv' ? csvLine : jsonLine;
  let entries = 0;
  let firstSeq: number | null = null;
  let lastSeq: number | null = null;
  let after = range.first - 1;
  for (;;) {
    const page = await store.read({
      afterSeq: after,
      throughSeq: range.last,
      ...(options.actions && options.actions.length > 0 ? { actions: options.actions } : {}),
      ...(options.actor ? { actor: options.actor } : {}),
      ...(options.mailbox ? { mailbox: options.mailbox } : {}),
      order: 'asc',
      limit: options.pageSize ?? DEFAULT_PAGE_SIZE,
    });
    if (page.length === 0) break;
    for (const record of page) {
      await write(line(record));
      firstSeq ??= record.seq;
      lastSeq = record.seq;
    }
    entries += page.length;
    after = page[page.length - 1]!.seq;
    options.onProgress?.(entries, total);
  }
  return { entries, firstSeq, lastSeq };
}
