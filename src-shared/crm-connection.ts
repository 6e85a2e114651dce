/**
 * A live CRM connection (issue 22) as the console, the CLI and the core speak of it: which CRM,
 * its non-secret settings (stored in MariaDB, shared by every instance), the field mapping with
 * per-CRM defaults, and the refresh status that `crm status --json` and the console's CRM page
 * show. Secrets (a client secret, a private key, an access token) go in through `crm.connect` and
 * never come out: the status only says whether the vault holds one.
 */
import { z } from 'zod';
import { CRM_TABLE_NAMES } from './crm-import.js';

export const CRM_STATUS_SOURCES = ['salesforce', 'hubspot', 'dynamics', 'csv'] as const;
export const CONNECTED_CRM_SOURCES = ['salesforce', 'hubspot', 'dynamics'] as const;
export type ConnectedCrm = (typeof CONNECTED_CRM_SOURCES)[number];

const fieldName = z.string().trim().min(1).max(128).regex(/^[A-Za-z][A-Za-z0-9_.]*$/, 'is not a field API name');

/**
 * Which CRM fields feed which column. `accountDomainFields`: the account fields whose values are
 * its domains (a URL, a bare domain, an address, or a list separated by ; or ,). `openStages`:
 * null = the CRM's own closed flag decides; a list = only these stages count as open.
 * `userOptInField`: a boolean user field that says who is opted in; null = every active user.
 */
export const crmFieldMappingSchema = z
  .object({
    accountDomainFields: z.array(fieldName).min(1).max(5),
    openStages: z.array(z.string().trim().min(1).max(255)).max(50).nullable(),
    userOptInField: fieldName.nullable(),
  })
  .strict();
export type CrmFieldMapping = z.infer<typeof crmFieldMappingSchema>;

export const DEFAULT_FIELD_MAPPINGS: Record<ConnectedCrm, CrmFieldMapping> = {
  salesforce: { accountDomainFields: ['Website'], openStages: null, userOptInField: null },
  hubspot: { accountDomainFields: ['domain', 'hs_additional_domains'], openStages: null, userOptInField: null },
  dynamics: { accountDomainFields: ['websiteurl', 'emailaddress1'], openStages: null, userOptInField: null },
};

const httpsUrl = z
  .string()
  .trim()
  .url()
  .refine((v) => v.startsWith('https://'), 'must be an https:// URL')
  .transform((v) => v.replace(/\/+$/, ''));

/** Salesforce: a connected app with the client credentials flow, or the JWT bearer flow. */
export const salesforceSettingsSchema = z
  .object({
    loginUrl: httpsUrl.default('https://login.salesforce.com'),
    clientId: z.string().trim().min(1).max(255),
    flow: z.enum(['client-credentials', 'jwt-bearer']).default('client-credentials'),
    /** JWT bearer flow: the integration user's username (the assertion's sub). */
    username: z.string().trim().min(3).max(255).nullable().default(null),
    apiVersion: z.string().regex(/^v\d+\.0$/, 'is not an API version such as v62.0').default('v62.0'),
  })
  .strict()
  .refine((s) => s.flow !== 'jwt-bearer' || s.username !== null, { message: 'the JWT bearer flow needs the username', path: ['username'] });
export type SalesforceSettings = z.infer<typeof salesforceSettingsSchema>;

/** The non-secret settings of the connected CRM, per source (B's connectors add theirs as records). */
export const crmConnectionSettingsSchema = z.record(z.string(), z.unknown());

export const crmConnectInputSchema = z
  .object({
    source: z.enum(CONNECTED_CRM_SOURCES),
    settings: z.record(z.string(), z.unknown()),
    /** The credential: a client secret, a PEM private key, an access token. Goes to the vault only. */
    secret: z.string().min(1).max(20_000),
    fieldMapping: crmFieldMappingSchema.optional(),
    /** Check the connection (one authenticated call) before saving; default true. */
    test: z.boolean().default(true),
  })
  .strict();
export type CrmConnectInput = z.input<typeof crmConnectInputSchema>;

const count = z.number().int().min(0);
export const crmCountsSchema = z.object(Object.fromEntries(CRM_TABLE_NAMES.map((t) => [t, count])) as Record<(typeof CRM_TABLE_NAMES)[number], typeof count>);
export type CrmCounts = z.infer<typeof crmCountsSchema>;

export const crmRefreshErrorSchema = z.object({ code: z.string(), message: z.string(), at: z.string() });

export const crmStatusSchema = z.object({
  source: z.enum(CRM_STATUS_SOURCES),
  /** The connected CRM's settings (nothing secret), or null for csv. */
  settings: z.record(z.string(), z.unknown()).nullable(),
  fieldMapping: crmFieldMappingSchema.nullable(),
  /** Whether this instance's vault holds the connection's credential. */
  hasSecret: z.boolean(),
  /** When the CRM tables were last replaced or changed successfully (a refresh, or a CSV import). */
  lastRefreshAt: z.string().nullable(),
  lastRefreshKind: z.enum(['full', 'incremental', 'import']).nullable(),
  lastFullRefreshAt: z.string().nullable(),
  /** How old the copy is, in seconds (null: never refreshed). */
  ageSeconds: z.number().nullable(),
  counts: crmCountsSchema,
  /** The last refresh's failure, when the last attempt failed (the previous copy keeps serving). */
  error: crmRefreshErrorSchema.nullable(),
  /** Records the last refresh could not turn into rows, counted, the first few named. */
  rejected: z.object({ count, sample: z.array(z.object({ object: z.string(), id: z.string().nullable(), reason: z.string() })) }),
});
export type CrmStatus = z.infer<typeof crmStatusSchema>;

export const crmRefreshInputSchema = z.object({ full: z.boolean().default(false) }).strict();

export const crmRefreshReportSchema = z.object({
  /** 'skipped': another instance refreshed just now (one refresh shared by all workers). */
  outcome: z.enum(['refreshed', 'unchanged', 'skipped', 'failed']),
  kind: z.enum(['full', 'incremental']).nullable(),
  requests: count,
  changes: z.object({ upserted: count, deleted: count }),
  reassigned: count,
  rejected: count,
  error: crmRefreshErrorSchema.nullable(),
});
export type CrmRefreshReport = z.infer<typeof crmRefreshReportSchema>;

/** The CRM's part of consent health: can the connected CRM still be read, and how old is the copy. */
export const CRM_HEALTH_STATES = ['csv', 'ok', 'stale', 'failing', 'no-credential', 'never-refreshed'] as const;
export const crmHealthSchema = z.object({
  source: z.enum(CRM_STATUS_SOURCES),
  state: z.enum(CRM_HEALTH_STATES),
  /** One sentence an admin can act on. */
  message: z.string(),
  lastRefreshAt: z.string().nullable(),
  ageSeconds: z.number().nullable(),
  errorCode: z.string().nullable(),
});
export type CrmHealth = z.infer<typeof crmHealthSchema>;

/** A copy older than this is called stale (a refresh runs before every cycle; the full one nightly). */
export const CRM_STALE_AFTER_SECONDS = 24 * 3600;

export function crmHealthOf(status: CrmStatus): CrmHealth {
  const base = { source: status.source, lastRefreshAt: status.lastRefreshAt, ageSeconds: status.ageSeconds, errorCode: status.error?.code ?? null };
  const hours = status.ageSeconds === null ? null : Math.round(status.ageSeconds / 3600);
  if (status.source === 'csv') {
    return { ...base, state: 'csv', message: status.lastRefreshAt ? `The CRM comes from CSV imports; the tables last changed ${hours} h ago.` : 'The CRM comes from CSV imports and none was imported yet.' };
  }
  if (!status.hasSecret) return { ...base, state: 'no-credential', message: `The ${status.source} credential is not in this installation's vault: connect the CRM again here.` };
  if (status.error) return { ...base, state: 'failing', message: `The last ${status.source} refresh failed (${status.error.code}): ${status.error.message} The copy from ${status.lastRefreshAt ?? 'never'} keeps serving.` };
  if (status.lastRefreshAt === null) return { ...base, state: 'never-refreshed', message: `${status.source} is connected but not read yet; the next sync cycle reads it.` };
  if ((status.ageSeconds ?? 0) > CRM_STALE_AFTER_SECONDS) return { ...base, state: 'stale', message: `The ${status.source} copy is ${hours} h old: no sync cycle has refreshed it since.` };
  return { ...base, state: 'ok', message: `${status.source} read ${status.ageSeconds ?? 0} s ago.` };
}
