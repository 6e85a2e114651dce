/**
 * The console's engagement views (`emails.search`, `emails.get`, `emails.reassign`): find stored
 * emails by account, opportunity, owner, participant or text, see exactly what was captured and
 * how it was assigned, and move it to another opportunity or owner.
 */
import { z } from 'zod';
import { addressSchema, emailListItemSchema } from './domain.js';

/** How an email's owner was chosen (emails.assigned_by). */
export const ASSIGNED_BY = ['opportunity-owner', 'mailbox', 'admin'] as const;
export const assignedBySchema = z.enum(ASSIGNED_BY);
export type AssignedBy = z.infer<typeof assignedBySchema>;

const criterion = z.string().trim().max(320).optional();

export const emailSearchInputSchema = z
  .object({
    /** A CRM account id, or part of an account name. */
    account: criterion,
    /** A CRM opportunity id. */
    opportunity: criterion,
    /** The assignee: an address, or part of a CRM user's name. */
    owner: criterion,
    /** A participant (From, To or Cc): an address, or a domain such as customer.example. */
    participant: criterion,
    /** Words in the subject or the body. */
    text: z.string().trim().max(500).optional(),
    limit: z.number().int().min(1).max(200).default(50),
    offset: z.number().int().min(0).max(100_000).default(0),
  })
  .strict();

export const emailSearchOutputSchema = z.object({
  items: z.array(emailListItemSchema),
  total: z.number().int(),
  /** What the console shows for the ids in `items`: account names, and an opportunity's account, stage and close date. */
  names: z.object({ accounts: z.record(z.string(), z.string()), opportunities: z.record(z.string(), z.string()) }),
  /** Which engine answered: Elasticsearch when configured, else MariaDB. */
  engine: z.enum(['mariadb', 'elasticsearch']),
});

/** An opportunity as a person reads it (the CRM tables give it no name of its own): "Initech · Proposal · closes 2025-03-01". */
export function opportunityLabel(o: { id: string; accountName: string | null; stage: string | null; closeDate: string | null; isClosed: boolean | null }): string {
  const parts = [o.accountName ?? o.id, o.stage, o.closeDate ? `${o.isClosed ? 'closed' : 'closes'} ${o.closeDate.slice(0, 10)}` : null];
  return parts.filter((p): p is string => p !== null && p !== '').join(' · ');
}

const crmRef = z.object({ id: z.string(), name: z.string().nullable() });
const crmPerson = z.object({ id: z.string(), email: z.string(), name: z.string() });

export const opportunityViewSchema = z.object({
  id: z.string(),
  /** False when the id is no longer in the CRM (the other fields are then null). */
  known: z.boolean(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  stage: z.string().nullable(),
  isClosed: z.boolean().nullable(),
  closeDate: z.string().nullable(),
  ownerName: z.string().nullable(),
  ownerEmail: z.string().nullable(),
});
export type OpportunityView = z.infer<typeof opportunityViewSchema>;

export const reassignmentSchema = z.object({
  at: z.string(),
  actor: z.string(),
  opportunityBefore: z.string().nullable(),
  opportunityAfter: z.string().nullable(),
  assignedToBefore: z.string().nullable(),
  assignedToAfter: z.string().nullable(),
});
export type Reassignment = z.infer<typeof reassignmentSchema>;

export const emailDetailSchema = z.object({
  id: z.number().int(),
  messageKey: z.string(),
  internetMessageId: z.string().nullable(),
  threadKey: z.string().nullable(),
  from: addressSchema,
  to: z.array(addressSchema),
  cc: z.array(addressSchema),
  subject: z.string(),
  bodyText: z.string(),
  sentAt: z.string(),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  importedAt: z.string(),
  firstMailbox: z.string(),
  /** Each mailbox that saw the email, with the folder and when it was first seen there. */
  sightings: z.array(z.object({ mailbox: z.string(), folderId: z.string(), seenAt: z.string() })),
  accounts: z.array(crmRef),
  contacts: z.array(crmPerson),
  leads: z.array(crmPerson),
  opportunity: opportunityViewSchema.nullable(),
  assignedTo: z.string().nullable(),
  assignedBy: assignedBySchema,
  /** One sentence: why the email belongs to its owner. */
  assignmentExplanation: z.string(),
  /** Administrators' reassignments, oldest first. */
  reassignments: z.array(reassignmentSchema),
});
export type EmailDetail = z.infer<typeof emailDetailSchema>;

export const emailReassignInputSchema = z
  .object({
    id: z.number().int().min(1),
    /** The new opportunity; null: none. Absent: unchanged. */
    opportunityId: z.string().trim().min(1).max(255).nullable().optional(),
    /** The new owner's address. Absent: unchanged. */
    assignedTo: z.string().trim().toLowerCase().min(3).max(320).optional(),
  })
  .strict()
  .refine((input) => input.opportunityId !== undefined || input.assignedTo !== undefined, {
    message: 'name a new opportunity or a new owner',
  });

export const reassignOptionsSchema = z.object({
  /** Opportunities of the email's accounts (open first), then the current one if elsewhere. */
  opportunities: z.array(opportunityViewSchema),
  /** CRM users with an address, and mailboxes: whoever may own an email. */
  owners: z.array(z.object({ address: z.string(), name: z.string() })),
});
