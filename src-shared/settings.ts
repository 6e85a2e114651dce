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

/** An absolute file path (POSIX or Windows); the file itself is read by the core, not here. */
const absolutePath = z
  .string()
  .trim()
  .max(4096)
  .regex(/^(?:\/|[A-Za-z]:[\\/]|\\\\)/, { message: 'must be an absolute file path such as /etc/ssl/corp-ca.pem' });

/**
 * How calls to Microsoft leave the network: a corporate HTTPS proxy (null: the environment's
 * HTTPS_PROXY, then the system's) with its bypass list, and an extra CA bundle for TLS-inspecting
 * proxies, added to the bundled roots (never replacing them).
 */
export const networkSettingsSchema = z
  .object({
    proxyUrl: z
      .url({ protocol: /^https?$/, message: 'must be a proxy URL such as http://proxy.example.com:8080' })
      .nullable()
      .default(null),
    /** NO_PROXY syntax: comma-separated hosts, `.domain` or `*` wildcards. */
    noProxy: z
      .string()
      .trim()
      .max(4000)
      .regex(/^[^\s,]+(?:\s*,\s*[^\s,]+)*$/, { message: 'must be a comma-separated list of hosts such as localhost,.corp.example' })
      .nullable()
      .default(null),
    /** PEM file of extra trusted CA certificates. */
    extraCaFile: absolutePath.nullable().default(null),
  })
  .strict();
export type NetworkSettings = z.infer<typeof networkSettingsSchema>;

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
    network: networkSettingsSchema.prefault({}),
    /**
     * Also read each user's online archive (In-Place Archive mailbox). Graph serves archives only
     * in its beta version, which Microsoft does not support in production: off by default.
     */
    onlineArchive: z.boolean().default(false),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = Object.freeze(settingsSchema.parse({})) as Settings;

/**
 * A change to the settings as the console sends it: any top-level field, replacing that field
 * whole; absent fields keep their value. Each field is validated as in `settingsSchema` (the
 * defaults are not applied, so an absent field is never reset).
 */
export const settingsPatchSchema = z
  .object({
    orgDomains: settingsSchema.shape.orgDomains.unwrap().optional(),
    blockedDomains: settingsSchema.shape.blockedDomains.unwrap().optional(),
    scheduleMinutes: settingsSchema.shape.scheduleMinutes.unwrap().optional(),
    lookbackMaxDays: settingsSchema.shape.lookbackMaxDays.unwrap().optional(),
    retentionDays: settingsSchema.shape.retentionDays.unwrap().optional(),
    automatedMail: automatedMailSettingsSchema.optional(),
    network: networkSettingsSchema.optional(),
    onlineArchive: settingsSchema.shape.onlineArchive.unwrap().optional(),
  } satisfies Record<keyof Settings, z.ZodType>)
  .strict();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;
