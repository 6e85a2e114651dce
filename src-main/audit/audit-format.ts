/**
 * The two export formats of an entry. JSON lines carry every chain field exactly as hashed
 * (payload as a JSON value), so a third party can recompute each hash (docs/audit.md); CSV is for
 * people and spreadsheets: the same columns, the payload as canonical JSON text, cells made
 * formula-safe (csv-cells.ts) — which is why verification reads the JSON lines, not the CSV.
 */
import { auditListItemSchema } from '../../src-shared/api.js';
import type { AuditRecord } from './audit-entry.js';
import { canonicalJson } from './canonical-json.js';
import { csvRecord, UTF8_BOM } from './csv-cells.js';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CSV_COLUMNS = ['seq', 'at', 'actor', 'source', 'action', 'payload', 'prev_hash', 'hash'] as const;

export function csvHeader(): string {
  return UTF8_BOM + csvRecord(CSV_COLUMNS);
}

export function csvLine(record: AuditRecord): string {
  return csvRecord([
    String(record.seq),
    record.at,
    record.actor,
    record.source,
    record.action,
    canonicalJson(record.payload),
    record.prevHash ?? '',
    record.hash ?? '',
  ]);
}

export function jsonLine(record: AuditRecord): string {
  return `${JSON.stringify({
    seq: record.seq,
    at: record.at,
    actor: record.actor,
    source: record.source,
    action: record.action,
    payload: record.payload,
    prevHash: record.prevHash,
    hash: record.hash,
  })}\n`;
}

/** One line of a JSONL export, as a verifier reads it: the console's list item, nothing more. */
export const exportedEntrySchema = auditListItemSchema.strict();
