/**
 * The one Api contract between the console (renderer or browser) and the core.
 * Method name (`domain.verb`) -> zod input and output schemas. Electron IPC and the headless
 * console's HTTP are two transports of this same map; both run `dispatchApiCall` on the core side
 * and `createApiClient` on the console side, so every payload is validated in both directions.
 */
import { crmImportInputSchema, crmImportReportSchema, MAX_CRM_UPLOAD_BYTES } from './crm-import.js';
import { crmConnectInputSchema, crmFieldMappingSchema, crmRefreshInputSchema, crmRefreshReportSchema, crmStatusSchema } from './crm-connection.js';
import { z } from 'zod';
import { cycleSummarySchema, emailListItemSchema, mailboxStateSchema, mailboxStatusSchema } from './domain.js';
import { settingsPatchSchema, settingsSchema } from './settings.js';
import {
  connectionTestInputSchema,
  connectionTestSchema,
  consentHealthSchema,
  consentOutcomeSchema,
  signInOutcomeSchema,
  organisationIdentitySchema,
  setupStateSchema,
  tenantSetupSchema,
  tenantSummarySchema,
} from './setup.js';
import {
  emailDetailSchema,
  emailReassignInputSchema,
  emailSearchInputSchema,
  emailSearchOutputSchema,
  reassignOptionsSchema,
} from './engagement.js';
import { previewResultSchema, previewSourceSchema } from './preview.js';
import { captureApiContract } from './capture-api.js';
import { workerStatusSchema } from './worker-status.js';
import { alertListSchema, alertSchema } from './alerts.js';

const empty = z.object({}).strict();

// --- Sync health (issue 6): what the console's health pages read. ---------------------------
const counts = z.record(z.string(), z.number().int());
const isoOrNull = z.string().nullable();
/** The figures of one run, of a mailbox or of one of its folders. */
const runFigures = {
  finishedAt: isoOrNull,
  durationMs: z.number().int().nullable(),
  pages: z.number().int(),
  read: z.number().int(),
  /** read = imported + alreadyStored + unchanged + the sum of skipped (domain.ts cycleSummarySchema). */
  imported: z.number().int(),
  alreadyStored: z.number().int(),
  unchanged: z.number().int(),
  skipped: counts,
  /** Imports stored with card numbers, IBANs or SSNs masked (capture policy). */
  masked: z.number().int(),
};

/** One mailbox: its state, its lease and the figures of its last run. */
export const mailboxHealthSchema = z.object({
  address: z.string(),
  displayName: z.string(),
  optedIn: z.boolean(),
  state: mailboxStateSchema,
  lastSuccessAt: isoOrNull,
  lastError: z.string().nullable(),
  /** The instance syncing it now (a live lease), or null. */
  heldBy: z.string().nullable(),
  lastRun: z.object({
    startedAt: isoOrNull,
    ...runFigures,
    retries: z.number().int(),
    throttled: z.number().int(),
    errorCode: z.string().nullable(),
  }),
  nextRunAt: isoOrNull,
});
export type MailboxHealth = z.infer<typeof mailboxHealthSchema>;

export const folderHealthSchema = z.object({
  folderId: z.string(),
  displayName: z.string(),
  /** gone: the folder was deleted while it was synced; its sync state was dropped. */
  state: z.enum(['ok', 'error', 'gone']),
  lastSuccessAt: isoOrNull,
  ...runFigures,
  /** Delta rounds restarted (HTTP 410) in the last run. */
  restarts: z.number().int(),
  lastError: z.string().nullable(),
});
export type FolderHealth = z.infer<typeof folderHealthSchema>;

export const cycleHealthSchema = z.object({
  finishedAt: z.string(),
  cycle: cycleSummarySchema,
  /** Over the schedule's interval (the 15-minute budget): the next cycle started late. */
  overBudget: z.boolean(),
});
export type CycleHealth = z.infer<typeof cycleHealthSchema>;
// ---------------------------------------------------------------------------------------------
// --- audit log (issue 8) ---
const isoTime = z.string().datetime({ offset: true });
/** One audit entry as the console lists it; the chain fields let it be checked against an export. */
export const auditListItemSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  source: z.string(),
  action: z.string(),
  payload: z.unknown(),
  prevHash: z.string().nullable(),
  hash: z.string().nullable(),
});
const auditFilter = {
  /** From (inclusive) and to (exclusive), ISO 8601. */
  from: isoTime.optional(),
  to: isoTime.optional(),
  /** Only these actions (e.g. 'emails.purge', 'import.decision'). */
  actions: z.array(z.string().max(64)).max(50).optional(),
  /** Entries whose actor contains this text (case-insensitive). */
  actor: z.string().trim().min(1).max(320).optional(),
  /** Entries about this mailbox (its address in the payload's mailbox, or a cycle's errors). */
  mailbox: z.string().trim().min(1).max(320).optional(),
};
// --- end audit log ---

export const apiContract = {
  'app.status': {
    input: empty,
    output: z.object({
      version: z.string(),
      shell: z.enum(['electron', 'headless', 'cli']),
      /** Who this console acts as in the audit log, and from where (signedIn: an administrator signed in). */
      caller: z.object({ actor: z.string(), source: z.enum(['desktop', 'web-console', 'cli', 'worker']), signedIn: z.boolean() }),
      database: z.object({ connected: z.boolean(), serverVersion: z.string().nullable() }),
      tenant: z.object({ configured: z.boolean(), sandbox: z.boolean(), tenantId: z.string().nullable() }),
      search: z.object({
        configured: z.boolean(),
        /** Changes waiting for Elasticsearch (null without Elasticsearch). */
        backlog: z.number().int().nullable(),
      }),
    }),
  },
  'emails.list': {
    input: z
      .object({
        mailbox: z.string().max(320).optional(),
        accountId: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    output: z.object({ items: z.array(emailListItemSchema), total: z.number().int() }),
  },
  'mailboxes.list': {
    input: empty,
    output: z.object({ items: z.array(mailboxStatusSchema) }),
  },
  'sync.runNow': {
    input: z.object({ mailbox: z.string().max(320).optional() }).strict(),
    output: cycleSummarySchema,
  },
  'sync.lastCycle': {
    input: empty,
    output: z.object({ cycle: cycleSummarySchema.nullable(), finishedAt: z.string().nullable() }),
  },
  // --- Settings, guided setup and the tenant's authorisation (secrets go in, never come out) ---
  'settings.get': { input: empty, output: settingsSchema },
  /** Top-level fields replaced whole; invalid input is refused with per-field issues. */
  'settings.update': { input: settingsPatchSchema, output: settingsSchema },
  'setup.state': { input: empty, output: setupStateSchema },
  'tenant.configure': { input: tenantSetupSchema, output: tenantSummarySchema },
  /** Opens the system browser on the admin-consent page; resolves when the loopback redirect (or a time-out) ends it. */
  'consent.start': { input: empty, output: consentOutcomeSchema },
  'consent.link': { input: empty, output: z.object({ url: z.string() }) },
  'consent.health': { input: empty, output: consentHealthSchema },
  /** Optional delegated sign-in of the admin in the system browser (code + PKCE): records who connected the tenant. */
  'admin.signIn': { input: empty, output: signInOutcomeSchema },
  'database.test': { input: connectionTestInputSchema, output: connectionTestSchema },
  'search.test': { input: connectionTestInputSchema, output: connectionTestSchema },
  'organisation.identity': { input: empty, output: organisationIdentitySchema },
  /** Checks (dryRun) or imports uploaded CRM CSVs; rejected rows are reported and left out. */
  'crm.import': { input: crmImportInputSchema, output: crmImportReportSchema, maxPayloadBytes: MAX_CRM_UPLOAD_BYTES },
  // --- A live CRM connection (issue 22): secrets go in through crm.connect and never come out ---
  'crm.status': { input: empty, output: crmStatusSchema },
  /** Tests (unless test: false) and saves a connection; the refresh runs before the next cycle (or crm.refresh). */
  'crm.connect': { input: crmConnectInputSchema, output: crmStatusSchema },
  'crm.test': { input: empty, output: z.object({ ok: z.literal(true) }) },
  /** "Refresh now": not skipped for freshness; full on request. */
  'crm.refresh': { input: crmRefreshInputSchema, output: crmRefreshReportSchema },
  'crm.setFieldMapping': { input: crmFieldMappingSchema, output: crmStatusSchema },
  /** "Try with the sandbox tenant": starts the sandbox in-process and connects the app to it. */
  'setup.useSandbox': {
    input: empty,
    output: z.object({ tenantId: z.string(), mailboxes: z.number().int(), orgDomains: z.array(z.string()), message: z.string() }),
  },
  // --- Sync control and health (issue 6) ---
  /** "Import email conversations": opt mailboxes in or out (unknown addresses are ignored). */
  'mailboxes.setOptIn': {
    input: z.object({ addresses: z.array(z.string().trim().toLowerCase().min(3).max(320)).min(1).max(5000), optedIn: z.boolean() }).strict(),
    output: z.object({ updated: z.number().int() }),
  },
  /** Scheduled sync stops on every instance until resumed (persisted); "sync now" still works. */
  'sync.pause': { input: empty, output: z.object({ paused: z.boolean() }) },
  'sync.resume': { input: empty, output: z.object({ paused: z.boolean() }) },
  'sync.state': {
    input: empty,
    output: z.object({
      paused: z.boolean(),
      running: z.boolean(),
      instanceId: z.string(),
      scheduleMinutes: z.number().int(),
      /** The `correspondent worker` processes of this data directory and the state each is in (issue 20). */
      workers: z.array(workerStatusSchema),
    }),
  },
  'health.mailboxes': {
    input: empty,
    output: z.object({ paused: z.boolean(), items: z.array(mailboxHealthSchema) }),
  },
  'health.mailbox': {
    input: z.object({ address: z.string().trim().toLowerCase().min(3).max(320) }).strict(),
    output: z.object({ mailbox: mailboxHealthSchema, folders: z.array(folderHealthSchema) }),
  },
  'health.cycles': {
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.object({ budgetMs: z.number().int(), items: z.array(cycleHealthSchema) }),
  },
  /** External domains of skipped mail that no CRM account has (domain and count only). */
  'health.missingFromCrm': {
    input: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    output: z.object({ items: z.array(z.object({ domain: z.string(), skipped: z.number().int(), lastSeenAt: z.string() })) }),
  },
  // --- audit log (issue 8) ---
  'audit.list': {
    input: z
      .object({ ...auditFilter, beforeSeq: z.number().int().min(1).optional(), limit: z.number().int().min(1).max(500).default(100) })
      .strict(),
    /** Newest first; pass nextBeforeSeq as beforeSeq for the next page (null: no more); total: entries the filter selects. */
    output: z.object({ items: z.array(auditListItemSchema), nextBeforeSeq: z.number().int().nullable(), total: z.number().int() }),
  },
  'audit.export': {
    input: z.object({ ...auditFilter, format: z.enum(['csv', 'jsonl']).default('csv') }).strict(),
    /** location: where the shell's export sink put it (an Electron save path, a one-time download URL). */
    output: z.object({ location: z.string(), format: z.enum(['csv', 'jsonl']), entries: z.number().int() }),
  },
  // --- end audit log ---
  // --- Console: rule preview and engagements (preview-handlers.ts, engagement-handlers.ts) ---
  'preview.run': {
    input: z.object({ source: previewSourceSchema }).strict(),
    output: previewResultSchema,
  },
  'emails.search': {
    input: emailSearchInputSchema,
    output: emailSearchOutputSchema,
  },
  'emails.get': {
    input: z.object({ id: z.number().int().min(1) }).strict(),
    output: emailDetailSchema,
  },
  'emails.reassignOptions': {
    input: z.object({ id: z.number().int().min(1) }).strict(),
    output: reassignOptionsSchema,
  },
  'emails.reassign': {
    input: emailReassignInputSchema,
    output: emailDetailSchema,
  },
  // --- end console block ---
  // --- Capture policy (issue 18): exclusion lists and "simulate a change" (capture-api.ts) ---
  ...captureApiContract,
  /** What an administrator must act on now (issue 19): failing mailboxes, the CRM, revoked consent, a growing search backlog. */
  'alerts.list': { input: empty, output: alertListSchema },
  /** How many stored emails a retention of `days` would delete now, before the setting is saved. */
  'emails.retentionPreview': {
    input: z.object({ days: z.number().int().min(1).max(36500) }).strict(),
    output: z.object({ emails: z.number().int(), sentBefore: z.string() }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType; maxPayloadBytes?: number }>;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
/** What a caller passes (defaults may be omitted). */
export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>;
/** What a handler receives after parsing (defaults applied). */
export type ApiParsedInput<M extends ApiMethod> = z.output<ApiContract[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<ApiContract[M]['output']>;

/** The core implements this: one async handler per method. */
export type ApiHandlers = { [M in ApiMethod]: (input: ApiParsedInput<M>) => Promise<ApiOutput<M>> };

/** The console calls this. */
export type ApiClient = { [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>> };

export const API_METHODS = Object.keys(apiContract) as ApiMethod[];

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiContract, name);
}

/** Events the core pushes to the console (tagged union). */
export const apiEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sync.cycleFinished'), cycle: cycleSummarySchema }),
  z.object({
    type: z.literal('sync.progress'),
    mailbox: z.string(),
    read: z.number().int(),
    imported: z.number().int(),
  }),
  z.object({ type: z.literal('sync.paused'), paused: z.boolean() }),
  /** The alerts that hold now, after a change; `raised`: ids new since the last change (notify those). */
  z.object({ type: z.literal('alerts.changed'), items: z.array(alertSchema), raised: z.array(z.string()) }),
]);
export type ApiEvent = z.infer<typeof apiEventSchema>;

/** Largest request body either transport accepts for a method whose contract names no limit of its own. */
export const MAX_API_PAYLOAD_BYTES = 1_000_000;

/** The request body limit of one method: its contract's `maxPayloadBytes` (the CRM upload), else 1 MB. */
export function maxApiPayloadBytes(method: string): number {
  if (!isApiMethod(method)) return MAX_API_PAYLOAD_BYTES;
  const contract = apiContract[method];
  return 'maxPayloadBytes' in contract ? contract.maxPayloadBytes : MAX_API_PAYLOAD_BYTES;
}
