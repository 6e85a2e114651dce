/**
 * Exclusion lists as CSV (People.ai-style import/export): a header row with `kind` and `value`
 * and optionally `mailbox` (empty: the whole organisation); kind is address, domain or subject.
 * Every row is checked with the rules' own normalisation; the report lists each bad row by line,
 * and the caller refuses a file with any bad row whole. The export neutralises spreadsheet
 * formulas (audit/csv-cells.ts) and reads back as the same lists.
 */
import { EXCLUSION_KINDS, MAX_EXCLUSIONS, type ExclusionEntry, type ExclusionKind, type StoredExclusion } from '../../src-shared/capture-policy.js';
import { csvRecord, UTF8_BOM } from '../audit/csv-cells.js';
import { parseCsv } from '../crm/csv-reader.js';
import { exclusionKey, normaliseExclusion } from '../rules/exclusion-entry.js';

export type ParsedExclusionsCsv = { rows: number; entries: ExclusionEntry[]; rejected: { line: number; reason: string }[] };

const KIND_ALIASES: Readonly<Record<string, ExclusionKind>> = { address: 'address', email: 'address', domain: 'domain', subject: 'subject', 'subject term': 'subject', term: 'subject' };

/** Undoes the export's formula guard (a leading apostrophe before = + - @), so an export reads back as the same lists. */
function unneutralised(cell: string): string {
  return cell.replace(/^'(?=[=+\-@\t\r])/, '');
}

export function parseExclusionsCsv(text: string): ParsedExclusionsCsv {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { rows: 0, entries: [], rejected: [{ line: parsed.line, reason: parsed.message }] };
  const column = (name: string) => parsed.header.findIndex((h) => h.trim().toLowerCase() === name);
  const kindAt = column('kind');
  const valueAt = column('value');
  const mailboxAt = column('mailbox');
  if (kindAt < 0 || valueAt < 0) return { rows: 0, entries: [], rejected: [{ line: 1, reason: 'the header row must name the columns kind and value (and optionally mailbox)' }] };
  const entries = new Map<string, ExclusionEntry>();
  const rejected: { line: number; reason: string }[] = [];
  for (const record of parsed.records) {
    const rawKind = (record.fields[kindAt] ?? '').trim().toLowerCase();
    const kind = KIND_ALIASES[rawKind];
    if (kind === undefined) {
      rejected.push({ line: record.line, reason: `kind ${JSON.stringify(rawKind.slice(0, 40))} is not one of ${EXCLUSION_KINDS.join(', ')}` });
      continue;
    }
    const mailbox = mailboxAt < 0 ? '' : (record.fields[mailboxAt] ?? '').trim();
    const result = normaliseExclusion({ kind, value: unneutralised(record.fields[valueAt] ?? ''), mailbox: mailbox === '' ? null : mailbox });
    if (!result.ok) rejected.push({ line: record.line, reason: result.reason });
    else entries.set(exclusionKey(result.entry), result.entry);
  }
  if (entries.size > MAX_EXCLUSIONS) rejected.push({ line: 1, reason: `the file holds ${entries.size} entries; at most ${MAX_EXCLUSIONS} are kept` });
  return { rows: parsed.records.length, entries: [...entries.values()], rejected };
}

export function formatExclusionsCsv(stored: readonly StoredExclusion[]): string {
  let out = UTF8_BOM + csvRecord(['kind', 'value', 'mailbox', 'added_at', 'added_by']);
  for (const entry of stored) out += csvRecord([entry.kind, entry.value, entry.mailbox ?? '', entry.addedAt, entry.addedBy]);
  return out;
}
