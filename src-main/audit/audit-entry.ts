/**
 * What the audit log records: one zod schema per action (a discriminated union on `action`), so
 * nothing reaches the log that the schema does not name. The import-decision entry is `strict`:
 * it has exactly fingerprint, mailbox, folder, rule code and verdict, never a subject, body or
 * participant (issue 8, privacy), and an attempt to add a field is refused, not stored.
 */
import { z } from 'zod';
import { reasonCodeSchema, verdictSchema } from '../../src-shared/domain.js';

/**
 * Where the entry came from: the desktop app, the web (headless) console, a CLI command, a sync
 * worker, or the sync engine itself (import decisions). 'electron' and 'headless' are the names
 * entries of earlier versions carry for the first two; they stay valid so old logs still parse.
 */
export const AUDIT_SOURCES = ['desktop', 'web-console', 'cli', 'worker', 'sync', 'electron', 'headless'] as const;
export const auditSourceSchema = z.enum(AUDIT_SOURCES);
export type AuditSource = z.infer<typeof auditSourceSchema>;

const count = z.number().int().min(0);
const iso = z.string().datetime({ offset: true });
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const mailbox = z.string().min(1).max(320);
const counts = z.record(z.string(), count);
/** A settings value as JSON (secrets already masked by settingsChanges()). */
const jsonValue: z.ZodType<unknown> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]));

const exclusionEntry = z.object({ kind: z.enum(['address', 'domain', 'subject']), value: z.string().max(320), mailbox: mailbox.nullable() }).strict();

const entry = <A extends string, P extends z.ZodType>(action: A, payload: P) =>
  z.object({ action: z.literal(action), payload }).strict();

export const auditEntrySchemas = [
  entry('consent.granted', z.object({ tenantId: z.string(), clientId: z.string(), cloud: z.string().optional() }).strict()),
  entry('admin.signedIn', z.object({ username: z.string().max(320) }).strict()),
  entry('consent.revoked', z.object({ tenantId: z.string(), reason: z.string().max(500).optional() }).strict()),
  entry('settings.changed', z.object({ changes: z.array(z.object({ key: z.string(), before: jsonValue, after: jsonValue }).strict()) }).strict()),
  entry('mailbox.optedIn', z.object({ mailbox }).strict()),
  entry('mailbox.optedOut', z.object({ mailbox }).strict()),
  entry(
    'preview.run',
    z.object({ input: z.enum(['messages', 'eml', 'mailbox']), messages: count, imported: count, skipped: count, reasons: counts }).strict(),
  ),
  entry('sync.started', z.object({ mailbox: mailbox.nullable(), trigger: z.enum(['manual', 'schedule', 'worker']) }).strict()),
  entry('sync.paused', z.object({ mailbox: mailbox.nullable() }).strict()),
  entry('sync.resumed', z.object({ mailbox: mailbox.nullable() }).strict()),
  entry(
    'sync.cycle',
    z
      .object({
        mailboxes: count,
        read: count,
        imported: count,
        /** read = imported + alreadyStored + unchanged + skipped; absent in entries of earlier versions. */
        alreadyStored: count.optional(),
        unchanged: count.optional(),
        skipped: counts,
        durationMs: z.number().min(0),
        errors: z.array(z.object({ mailbox, state: z.string(), message: z.string().max(1000) }).strict()),
      })
      .strict(),
  ),
  entry('sync.failed', z.object({ mailbox: mailbox.nullable(), code: z.string(), message: z.string().max(1000) }).strict()),
  entry(
    'crm.imported',
    z
      .object({
        rows: z.object({ accounts: count, contacts: count, leads: count, opportunities: count, users: count }).strict(),
        changes: z.record(z.string(), z.object({ added: count, removed: count, changed: count, unchanged: count }).strict()).nullable(),
        rejected: count,
        /** Rows kept because their table's file had rejected rows (issue 20); absent in older entries. */
        withheld: z.record(z.string(), count).optional(),
      })
      .strict(),
  ),
  // Live CRM connectors (issue 22): never a secret; counts and named errors only.
  entry('crm.connected', z.object({ source: z.enum(['salesforce', 'hubspot', 'dynamics', 'csv']), settings: z.record(z.string(), jsonValue) }).strict()),
  entry(
    'crm.refreshed',
    z.object({ source: z.string(), kind: z.enum(['full', 'incremental']), upserted: count, deleted: count, rejected: count, reassigned: count, requests: count }).strict(),
  ),
  entry('crm.refreshFailed', z.object({ source: z.string(), kind: z.enum(['full', 'incremental']), code: z.string(), message: z.string().max(1000) }).strict()),
  // An engagement that moved to its opportunity's new owner (or back to the mailbox rule) when the CRM changed.
  entry(
    'emails.ownerChanged',
    z.object({ emailId: z.number().int().min(1), opportunityId: z.string(), assignedToBefore: z.string().nullable(), assignedToAfter: z.string().nullable(), assignedBy: z.enum(['opportunity-owner', 'mailbox']) }).strict(),
  ),
  // Written by store/purge.ts: the erased address only as its SHA-256.
  entry(
    'emails.purge',
    z
      .object({
        target: z.union([
          z.object({ kind: z.literal('domain'), domain: z.string() }).strict(),
          z.object({ kind: z.enum(['contact', 'mailbox']), addressSha256: sha256Hex }).strict(),
        ]),
        emails: count,
        sightingsRemoved: count,
      })
      .strict(),
  ),
  entry('emails.retention', z.object({ days: z.number().int().min(1), sentBefore: iso, emails: count }).strict()),
  entry(
    'audit.exported',
    z
      .object({ format: z.enum(['csv', 'jsonl']), from: iso.nullable(), to: iso.nullable(), actions: z.array(z.string()).nullable(), actorFilter: z.string().max(320).nullable().optional(), mailboxFilter: mailbox.nullable().optional(), entries: count })
      .strict(),
  ),
  // Retention of the log itself (audit-trim): the removed range and the hash of its last entry.
  entry(
    'audit.trimmed',
    z.object({ fromSeq: z.number().int().min(1), throughSeq: z.number().int().min(1), entries: count, lastHash: sha256Hex, before: iso }).strict(),
  ),
  // The capture policy's exclusion lists (store/mariadb-exclusion-store.ts): the administrator's own entries, never mail content.
  entry(
    'exclusions.changed',
    z
      .object({
        via: z.enum(['console', 'csv-import', 'cli', 'defaults']),
        added: z.array(exclusionEntry),
        removed: z.array(exclusionEntry),
      })
      .strict(),
  ),
  // One per message the sync decided: never content, never participants.
  entry(
    'import.decision',
    z.object({ verdict: verdictSchema, rule: reasonCodeSchema, mailbox, folder: z.string().max(255), fingerprint: sha256Hex }).strict(),
  ),
] as const;

export const auditEntryBodySchema = z.discriminatedUnion('action', auditEntrySchemas);
/** `{ action, payload }`, typed by action. */
export type AuditEntryBody = z.infer<typeof auditEntryBodySchema>;
export type AuditAction = AuditEntryBody['action'];
export const AUDIT_ACTIONS = auditEntrySchemas.map((s) => s.shape.action.value) as AuditAction[];

/** What a caller records: who, from where, and the typed action. Time and chain are added by the log. */
export type AuditEntryInput = AuditEntryBody & { actor: string; source: AuditSource };

export const actorSchema = z.string().min(1).max(320);

/** One entry as stored and exported: the chain fields make it verifiable on its own. */
export type AuditRecord = {
  seq: number;
  /** ISO 8601 UTC with milliseconds. */
  at: string;
  actor: string;
  source: string;
  action: string;
  payload: unknown;
  /** 64 hex characters; null only for rows written before the chain existed (legacy prefix). */
  prevHash: string | null;
  hash: string | null;
};

const headSchema = z.object({ actor: actorSchema, source: auditSourceSchema });

/** Parses an entry a caller wants to record: who and from where, then the body by its action's schema. */
export function parseAuditEntry(input: unknown): { ok: true; entry: AuditEntryInput } | { ok: false; issues: z.core.$ZodIssue[] } {
  const value = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const head = headSchema.safeParse({ actor: value['actor'], source: value['source'] });
  const body = auditEntryBodySchema.safeParse({ action: value['action'], payload: value['payload'] });
  const extra = Object.keys(value).filter((key) => !['actor', 'source', 'action', 'payload'].includes(key));
  if (!head.success || !body.success || extra.length > 0) {
    const issues = [...(head.success ? [] : head.error.issues), ...(body.success ? [] : body.error.issues)];
    for (const key of extra) issues.push({ code: 'unrecognized_keys', keys: [key], path: [], message: `Unrecognized key: "${key}"`, input: value } as z.core.$ZodIssue);
    return { ok: false, issues };
  }
  return { ok: true, entry: { ...head.data, ...body.data } };
}
