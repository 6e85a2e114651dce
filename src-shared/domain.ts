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

/** Summary of one sync cycle (the `demo --once --json` document). */
/**
 * One sync cycle. Every message read is exactly one of: imported, skipped (by reason), already
 * stored (first seen in a colleague's mailbox) or unchanged (decided the same way before, reported
 * again by Graph): read = imported + sum(skipped) + alreadyStored + unchanged.
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
});
export type CycleSummary = z.infer<typeof cycleSummarySchema>;

/**
 * unlicensed: Exchange does not serve the user (no licence, or not a mailbox user); no-mailbox: no
 * usable Exchange Online mailbox; outside-access-scope: Exchange scopes the app away from this mailbox
 * (by design, not an error).
 */
export const mailboxStateSchema = z.enum(['never-synced', 'syncing', 'ok', 'error', 'no-mailbox', 'unlicensed', 'outside-access-scope']);
export type MailboxState = z.infer<typeof mailboxStateSchema>;

export const mailboxStatusSchema = z.object({
  address: z.string(),
  displayName: z.string(),
  optedIn: z.boolean(),
  state: mailboxStateSchema,
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  imported: z.number().int(),
});
export type MailboxStatus = z.infer<typeof mailboxStatusSchema>;
