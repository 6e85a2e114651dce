/**
 * The AuditLog service the app, the sync and the CLI record admin actions through. Every entry is
 * parsed against its action's schema (audit-entry.ts) before it is written: an entry the schema
 * does not describe is a bug and is refused, never stored half-checked. Time comes from the
 * injected clock; chaining is the store's job (store/audit-append.ts).
 */
import type { AuditEntryInput } from './audit-entry.js';
import { parseAuditEntry } from './audit-entry.js';
import type { AuditStore } from './audit-store.js';

export interface AuditLog {
  /** Appends one entry (hash-chained). Rejects when the entry does not match its action's schema. */
  record(entry: AuditEntryInput): Promise<void>;
  /** Appends several entries in one transaction, consecutively. */
  recordAll(entries: readonly AuditEntryInput[]): Promise<void>;
}

export type AuditLogDeps = { store: AuditStore; clock: () => Date };

export function createAuditLog(deps: AuditLogDeps): AuditLog {
  const validated = (entry: AuditEntryInput) => {
    const parsed = parseAuditEntry(entry);
    if (!parsed.ok) {
      const first = parsed.issues[0];
      throw new Error(`Audit entry ${String(entry.action)} does not match its schema: ${first?.path.join('.') ?? ''} ${first?.message ?? ''}`.trim());
    }
    const { actor, source, action, payload } = parsed.entry;
    return { actor, source, action, payload };
  };
  return {
    async record(entry) {
      await deps.store.append([validated(entry)], deps.clock());
    },
    async recordAll(entries) {
      const rows = entries.map(validated);
      if (rows.length > 0) await deps.store.append(rows, deps.clock());
    },
  };
}

/** An AuditLog that keeps nothing: for shells and tests without a database. */
export const NO_AUDIT: AuditLog = { record: async () => undefined, recordAll: async () => undefined };
