/**
 * Domain types shared by the core and the console. Schemas are zod so that every value that
 * crosses a boundary (IPC, HTTP, CLI JSON, persisted payloads) is parsed, not trusted.
 */
import { z } from 'zod';

/**
 * Stable reason codes. They appear in the CLI's JSON, the audit log and the console, so a code,
 * once released, is never renamed or reused for another meaning.
 */
export const REASON_CODES = [
  // skip
  'unreadable', // the message could not be evaluated (malformed payload)
  'draft',
  'excluded-folder', // Deleted Items, Drafts, Junk Email, Outbox and other system folders
  'no-participants',
  'blocked-domain',
  'internal-only',
  'no-crm-match',
  'automated',
  // skip: the capture policy (issue 18; docs/capture-policy.md)
  'sensitive', // Outlook sensitivity (Personal, Private, Confidential) set to skip
  'excluded-participant', // a participant is an excluded address or in an excluded domain
  'excluded-subject', // the subject holds an excluded term
  'mass-mail', // inbound from a sender not in the CRM to more than N recipients
  'sensitive-content', // a card number, IBAN or US SSN of a kind set to skip
  // import
  'crm-contact',
  'crm-lead',
  'crm-account-domain',
  // import: why automated-mail signals that fired did not skip the message
  'automated-below-threshold', // signals fired, but their weight stayed under the sensitivity threshold
  'thread-reciprocity', // the message replies to mail our side sent
  'own-message', // sent by the organisation (a Sent Items copy)
  'allow-listed', // an administrator's allow pattern matched
  // import: what the capture policy changed or reports
  'sensitive-content-masked', // identifiers masked in the stored subject and body
  'address-unparsed', // an address on the message could not be read and is not a participant
] as const;
export const reasonCodeSchema = z.enum(REASON_CODES);
export type ReasonCode = z.infer<typeof reasonCodeSchema>;

export const reasonSchema = z.object({ code: reasonCodeSchema, detail: z.string() });
export type Reason = z.infer<typeof reasonSchema>;

export const addressSchema = z.object({ address: z.string(), name: z.string() });
export type Address = z.infer<typeof addressSchema>;

/** The minimum we keep of a customer email: exactly these fields, nothing else. */
export const capturedEmailSchema = z.object({
  /** Normalised RFC 5322 Message-ID without angle brackets, lower case; or `fp:<sha256>` for mail without one. */
  messageKey: z.string(),
  internetMessageId: z.string().nullable(),
  from: addressSchema,
  to: z.array(addressSchema),
  cc: z.array(addressSchema),
  subject: z.string(),
  bodyText: z.string(),
  sentAt: z.string(), // ISO 8601 UTC (orig-date)
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
});
export type CapturedEmail = z.infer<typeof capturedEmailSchema>;

/** What the CRM matched for an imported email. */
export const crmMatchSchema = z.object({
  accountIds: z.array(z.string()),
  contactIds: z.array(z.string()),
  leadIds: z.array(z.string()),
});
export type CrmMatch = z.infer<typeof crmMatchSchema>;

export const verdictSchema = z.enum(['import', 'skip']);
export type Verdict = z.infer<typeof verdictSchema>;

/**
 * Where a message was decided (header-first capture): on its envelope (addressing, folder, dates,
 * Outlook sensitivity; its body and internet headers never downloaded) or on its content.
 */
export const decisionStageSchema = z.enum(['envelope', 'content']);
export type DecisionStage = z.infer<typeof decisionStageSchema>;

export type Decision = {
  verdict: Verdict;
  reasons: Reason[];
  /** Present only when verdict is 'import'. */
  email?: CapturedEmail;
  match?: CrmMatch;
  /** External domains of a skipped message (domains only, never addresses) for "missing from CRM". */
  externalDomains?: string[];
};

/** The Decision as a schema, for payloads that carry decisions across a boundary (preview, API). */
export const decisionSchema = z
  .object({
    verdict: verdictSchema,
    reasons: z.array(reasonSchema),
    email: capturedEmailSchema.optional(),
    match: crmMatchSchema.optional(),
    externalDomains: z.array(z.string()).optional(),
  })
  .strict();

/** One stored email as the CLI and the console list it. */
export const emailListItemSchema = z.object({
  id: z.number().int(),
  internetMessageId: z.string().nullable(),
  subject: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  sentAt: z.string(),
  accountIds: z.array(z.string()),
  opportunityId: z.string().nullable(),
  assignedTo: z.string().nullable(),
  mailboxes: z.array(z.string()),
});
export type EmailListItem = z.infer<typeof emailListItemSchema>;

/**
 * A mailbox's sync state. unlicensed: Exchange does not serve the user (no licence, or not a
 * mailbox user); no-mailbox: no usable Exchange Online mailbox; outside-access-scope: Exchange
 * scopes the app away from this mailbox (by design, not an error). interrupted (issue 20): its sync
 * stopped before it finished - the worker was asked to stop, or the process syncing it is gone
 * (its lease heartbeat stale, or its pid dead on this host: a stored 'syncing' then reads as
 * 'interrupted'), so no status ever says "syncing" for a process that no longer exists. The next
 * run resumes from the last committed page.
 */
export const mailboxStateSchema = z.enum(['never-synced', 'syncing', 'ok', 'error', 'no-mailbox', 'unlicensed', 'outside-access-scope', 'interrupted']);
export type MailboxState = z.infer<typeof mailboxStateSchema>;

// --- cycle summary: who failed and who was held elsewhere (issue 20) ---
/** A mailbox the cycle tried and could not sync: its state afterwards, the error code and sentence. */
export const cycleFailureSchema = z.object({ mailbox: z.string(), state: mailboxStateSchema, code: z.string(), reason: z.string() });
export type CycleFailure = z.infer<typeof cycleFailureSchema>;
/** A mailbox left alone because another live instance holds its lease. */
export const cycleHeldSchema = z.object({ mailbox: z.string(), holder: z.string().nullable(), since: z.string().nullable(), reason: z.string() });
export type CycleHeld = z.infer<typeof cycleHeldSchema>;
/**
 * all-synced: every mailbox the cycle took was synced (exit 0); some-failed: at least one failed
 * and at least one was synced (exit 3); none-synced: none was (none opted in or due, all held
 * elsewhere, or all failed: exit 4 for `sync --once`).
 */
export const CYCLE_OUTCOMES = ['all-synced', 'some-failed', 'none-synced'] as const;
export type CycleOutcome = (typeof CYCLE_OUTCOMES)[number];
// ---

/**
 * One sync cycle (the `demo --once --json` and `sync --once --json` document). Every message read
 * is exactly one of: imported, skipped (by reason), already stored (first seen in a colleague's
 * mailbox) or unchanged (decided the same way before, reported again by Graph):
 * read = imported + sum(skipped) + alreadyStored + unchanged. `mailboxes` counts the mailboxes
 * synced (a failed one is in `failed`, never counted there); cycles recorded before `failed`,
 * `held` and `outcome` existed read with them empty.
 */
export const cycleSummarySchema = z.object({
  mailboxes: z.number().int(),
  read: z.number().int(),
  imported: z.number().int(),
  skipped: z.record(z.string(), z.number().int()),
  /** Cycles recorded before these were counted read as 0. */
  alreadyStored: z.number().int().default(0),
  unchanged: z.number().int().default(0),
  durationMs: z.number(),
  failed: z.array(cycleFailureSchema).default([]),
  held: z.array(cycleHeldSchema).default([]),
  outcome: z.enum(CYCLE_OUTCOMES).default('all-synced'),
  /**
   * Header-first capture: of the read, how many were decided on their envelope (no content
   * downloaded) and on their content; envelope + content = read. Cycles recorded before read as 0.
   */
  decidedAtEnvelope: z.number().int().default(0),
  decidedAtContent: z.number().int().default(0),
  /** Bytes of Graph response bodies the cycle received. */
  bytesReceived: z.number().int().default(0),
});
export type CycleSummary = z.infer<typeof cycleSummarySchema>;

/** A cycle that has not synced anything yet. */
export function emptyCycleSummary(): CycleSummary {
  return { mailboxes: 0, read: 0, imported: 0, skipped: {}, alreadyStored: 0, unchanged: 0, durationMs: 0, failed: [], held: [], outcome: 'none-synced', decidedAtEnvelope: 0, decidedAtContent: 0, bytesReceived: 0 };
}

/** The outcome the counts imply. */
export function outcomeOf(summary: Pick<CycleSummary, 'mailboxes' | 'failed'>): CycleOutcome {
  if (summary.mailboxes === 0) return 'none-synced';
  return summary.failed.length > 0 ? 'some-failed' : 'all-synced';
}

export const mailboxStatusSchema = z.object({
  address: z.string(),
  displayName: z.string(),
  optedIn: z.boolean(),
  state: mailboxStateSchema,
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Stored emails first imported from this mailbox: summed over mailboxes, the emails stored. */
  imported: z.number().int(),
  /** Stored emails this mailbox also saw, first imported from another mailbox. */
  alreadyStored: z.number().int(),
});
export type MailboxStatus = z.infer<typeof mailboxStatusSchema>;
