/**
 * Settings: one zod schema with defaults. The settings file, the console and the CLI's
 * --settings all go through `parseSettings`, so an invalid value is refused with a message
 * that names the field, and nothing half-applied.
 */
import { z } from 'zod';

const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/, {
    message: 'must be a domain name such as example.com',
  });

/**
 * An allow or block pattern for a sender: an exact address (name@example.com), a domain and its
 * subdomains (example.com), or a local part at any domain (newsletter@*).
 */
const senderPattern = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?:[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:\*|[a-z0-9.-]+\.[a-z][a-z0-9-]*)|[a-z0-9.-]+\.[a-z][a-z0-9-]*)$/, {
    message: 'must be an address (name@example.com), a domain (example.com) or a local part at any domain (news@*)',
  });

/** A header rule: the header is present (no `contains`), or its value contains the text (case-insensitive). */
const headerRule = z
  .object({
    name: z.string().trim().regex(/^[!-9;-~]{1,76}$/, { message: 'must be a header field name such as X-Mailer' }),
    contains: z.string().min(1, { message: 'must not be empty; leave it out to match any value' }).optional(),
  })
  .strict();

const automatedPatterns = z
  .object({
    senders: z.array(senderPattern).default([]),
    headers: z.array(headerRule).default([]),
  })
  .strict();

/** Automated-mail detection (docs/automated-mail.md): sensitivity and the administrators' own patterns. */
export const automatedMailSettingsSchema = z
  .object({
    /** low: only clear machine mail is skipped; high: weaker evidence suffices. */
    sensitivity: z.enum(['low', 'normal', 'high']).default('normal'),
    /** Never skipped as automated (delivery reports and calendar traffic excepted). */
    allow: automatedPatterns.prefault({}),
    /** Always skipped as automated, unless it replies to our own mail. */
    block: automatedPatterns.prefault({}),
  })
  .strict();
export type AutomatedMailSettings = z.infer<typeof automatedMailSettingsSchema>;
export type AutomatedMailSensitivity = AutomatedMailSettings['sensitivity'];

export const settingsSchema = z
  .object({
    /** The organisation's own domains: mail with no participant outside them is internal. */
    orgDomains: z.array(domainName).default([]),
    /** Mail with any participant in one of these domains (or a subdomain) is never imported. */
    blockedDomains: z.array(domainName).default([]),
    /** Minutes between sync cycles. */
    scheduleMinutes: z.number().int().min(5).max(1440).default(15),
    /** Optional cap on the first sync's lookback, in days. */
    lookbackMaxDays: z.number().int().min(1).max(3650).nullable().default(null),
    /** Delete stored emails older than this many days (null: keep). */
    retentionDays: z.number().int().min(1).max(36500).nullable().default(null),
    automatedMail: automatedMailSettingsSchema.prefault({}),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = Object.freeze(settingsSchema.parse({})) as Settings;
