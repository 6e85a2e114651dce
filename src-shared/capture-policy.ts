/**
 * The capture policy: what an administrator decides about mail that is customer correspondence
 * but must still stay out (or be stored with an identifier masked). Two parts, kept apart on
 * purpose (docs/capture-policy.md):
 *   - the knobs (Outlook sensitivity per value, sensitive content per kind, the mass-mail limit)
 *     are settings, next to blockedDomains and automatedMail, validated by `settingsSchema`;
 *   - the exclusion lists (addresses, domains and subject terms, org-wide or per mailbox) can hold
 *     thousands of entries imported from CSV, and every sync worker must apply the same ones, so
 *     they live in MariaDB with the CRM and the audit log (store/capture-exclusions.ts).
 */
import { z } from 'zod';

/** Outlook's sensitivity values (MAPI PidTagSensitivity 0-3; Graph eventMessage/event `sensitivity`). */
export const SENSITIVITY_VALUES = ['normal', 'personal', 'private', 'confidential'] as const;
export type SensitivityValue = (typeof SENSITIVITY_VALUES)[number];

/** What happens to mail marked with a sensitivity value other than normal. */
export const sensitivityActionSchema = z.enum(['import', 'skip']);

export const sensitivitySettingsSchema = z
  .object({
    personal: sensitivityActionSchema.default('import'),
    private: sensitivityActionSchema.default('skip'),
    confidential: sensitivityActionSchema.default('skip'),
  })
  .strict();
export type SensitivitySettings = z.infer<typeof sensitivitySettingsSchema>;

/** Identifiers the content scan recognises (rules/sensitive-content/). */
export const SENSITIVE_CONTENT_KINDS = ['paymentCard', 'iban', 'usSsn'] as const;
export type SensitiveContentKind = (typeof SENSITIVE_CONTENT_KINDS)[number];

/** skip: the message is not imported; mask: it is imported with each identifier replaced in subject and body. */
export const sensitiveContentActionSchema = z.enum(['mask', 'skip']);
export type SensitiveContentAction = z.infer<typeof sensitiveContentActionSchema>;

export const sensitiveContentSettingsSchema = z
  .object({
    paymentCard: sensitiveContentActionSchema.default('mask'),
    iban: sensitiveContentActionSchema.default('mask'),
    usSsn: sensitiveContentActionSchema.default('mask'),
  })
  .strict();
export type SensitiveContentSettings = z.infer<typeof sensitiveContentSettingsSchema>;

export const DEFAULT_MASS_MAIL_RECIPIENTS = 15;

export const massMailSettingsSchema = z
  .object({
    /** Inbound mail from a sender not in the CRM to more recipients (To + Cc) than this is mass mail; null: the rule is off. */
    maxRecipients: z.number().int().min(1).max(10_000).nullable().default(DEFAULT_MASS_MAIL_RECIPIENTS),
  })
  .strict();

export const capturePolicySettingsSchema = z
  .object({
    sensitivity: sensitivitySettingsSchema.prefault({}),
    sensitiveContent: sensitiveContentSettingsSchema.prefault({}),
    massMail: massMailSettingsSchema.prefault({}),
  })
  .strict();
export type CapturePolicySettings = z.infer<typeof capturePolicySettingsSchema>;

// --- exclusion lists -----------------------------------------------------------------------------

export const EXCLUSION_KINDS = ['address', 'domain', 'subject'] as const;
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number];

/** Longest subject term; a term is a word or a phrase, not a paragraph. */
export const MAX_SUBJECT_TERM_CHARS = 100;
/** Entries at most, org-wide and per mailbox together (a CSV import is refused beyond it). */
export const MAX_EXCLUSIONS = 20_000;

/**
 * One exclusion as an administrator enters or imports it. The value is checked and normalised by
 * the core (capture-exclusion-parse.ts in src-main/rules): addresses and domains in every spelling
 * RFC 5322/6531 allow, subject terms trimmed. `mailbox` null: the whole organisation.
 */
export const exclusionInputSchema = z
  .object({
    kind: z.enum(EXCLUSION_KINDS),
    value: z.string().trim().min(1, { message: 'must not be empty' }).max(320),
    mailbox: z.string().trim().toLowerCase().min(3).max(320).nullable().default(null),
  })
  .strict();
export type ExclusionInput = z.input<typeof exclusionInputSchema>;
export type ExclusionEntry = z.output<typeof exclusionInputSchema>;

/** An entry as stored: normalised value, who added it and when. */
export const storedExclusionSchema = z.object({
  id: z.number().int(),
  kind: z.enum(EXCLUSION_KINDS),
  value: z.string(),
  mailbox: z.string().nullable(),
  addedAt: z.string(),
  addedBy: z.string(),
});
export type StoredExclusion = z.infer<typeof storedExclusionSchema>;

/**
 * Subject terms a new installation starts with: Gong's list and a few HR and legal topics that are
 * never customer correspondence. Kept short on purpose: words such as "payroll" or "medical" are
 * the daily business of some customers. Each is an entry the administrator may remove.
 */
export const DEFAULT_SUBJECT_TERMS: readonly string[] = Object.freeze([
  'offer letter',
  'job offer',
  'interview',
  'confidential',
  'privileged',
  'attorney-client',
  '401k',
  '401(k)',
  'performance review',
  'background check',
  'sick leave',
]);
