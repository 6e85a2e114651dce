/**
 * Verification of the stored log (page by page) and of an exported JSONL file (line by line),
 * both with constant memory, and the comparison of an export with the database: every entry of
 * the file must still be in the database with the same hash, unless a recorded trim removed it.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AuditRecord } from './audit-entry.js';
import { exportedEntrySchema } from './audit-format.js';
import type { AuditStore } from './audit-store.js';
import { ChainVerifier, type ChainBreak, type VerifyResult } from './chain-verifier.js';

const PAGE = 5000;

export async function verifyStoredLog(store: AuditStore, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  await store.sealPending?.(); // staged page entries join the chain first: verify proves every committed entry
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const page = await store.read({ afterSeq: after, order: 'asc', limit: PAGE });
    if (page.length === 0) break;
    for (const record of page) if (verifier.push(record)) return verifier.finish();
    after = page[page.length - 1]!.seq;
    onProgress?.(verifier.finish().entries);
  }
  return verifier.finish();
}

/** Reads a JSONL export; a line that is not an entry is reported as a malformed break naming the line. */
export async function* readExportFile(file: string): AsyncGenerator<{ line: number; record: AuditRecord | null; problem?: string }> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { line: number, record: null, problem: 'not valid JSON' };
      continue;
    }
    const parsed = exportedEntrySchema.safeParse(value);
    yield parsed.success ? { line: number, record: parsed.data } : { line: number, record: null, problem: 'not an audit entry' };
  }
}

export async function verifyExportFile(file: string): Promise<VerifyResult> {
  const verifier = new ChainVerifier({ partial: true });
  let seqBefore = 0;
  for await (const { line, record, problem } of readExportFile(file)) {
    if (!record) {
      const result = verifier.finish();
      const broken: ChainBreak = { seq: seqBefore + 1, kind: 'malformed', message: `Line ${line} of ${file} is ${problem ?? 'malformed'}.` };
      return { ...result, ok: false, firstBreak: result.firstBreak ?? broken };
    }
    seqBefore = record.seq;
    if (verifier.push(record)) break;
  }
  return verifier.finish();
}

export type CompareResult = { ok: boolean; compared: number; trimmed: number; firstDifference: ChainBreak | null };

/** Each entry of the export against the database: same hash, or removed by a recorded trim (the database's first seq is after it). */
export async function compareExportWithStore(file: string, store: AuditStore, trimmedThrough: number): Promise<CompareResult> {
  let compared = 0;
  let trimmed = 0;
  let batch: AuditRecord[] = [];
  const check = async (): Promise<ChainBreak | null> => {
    const wanted = batch.filter((r) => r.seq > trimmedThrough);
    trimmed += batch.length - wanted.length;
    if (wanted.length > 0) {
      const stored = await store.read({ seqs: wanted.map((r) => r.seq), order: 'asc', limit: wanted.length });
      const bySeq = new Map(stored.map((r) => [r.seq, r]));
      for (const record of wanted) {
        compared += 1;
        const found = bySeq.get(record.seq);
        if (!found) return { seq: record.seq, kind: 'missing', message: `Entry ${record.seq} of the export is not in the database and no trim removed it.` };
        if (found.hash !== record.hash) return { seq: record.seq, kind: 'changed', message: `Entry ${record.seq} differs between the export and the database.` };
      }
    }
    batch = [];
    return null;
  };
  for await (const { record } of readExportFile(file)) {
    if (!record) continue; // verifyExportFile reports malformed lines
    batch.push(record);
    if (batch.length >= 1000) {
      const difference = await check();
      if (difference) return { ok: false, compared, trimmed, firstDifference: difference };
    }
  }
  const difference = await check();
  return { ok: difference === null, compared, trimmed, firstDifference: difference };
}
