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
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = Object.freeze(settingsSchema.parse({})) as Settings;
