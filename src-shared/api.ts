/**
 * The one Api contract between the console (renderer or browser) and the core.
 * Method name (`domain.verb`) -> zod input and output schemas. Electron IPC and the headless
 * console's HTTP are two transports of this same map; both run `dispatchApiCall` on the core side
 * and `createApiClient` on the console side, so every payload is validated in both directions.
 */
import { z } from 'zod';
import { cycleSummarySchema, emailListItemSchema, mailboxStatusSchema } from './domain.js';
import {
  emailDetailSchema,
  emailReassignInputSchema,
  emailSearchInputSchema,
  emailSearchOutputSchema,
  reassignOptionsSchema,
} from './engagement.js';
import { previewResultSchema, previewSourceSchema } from './preview.js';

const empty = z.object({}).strict();

export const apiContract = {
  'app.status': {
    input: empty,
    output: z.object({
      version: z.string(),
      shell: z.enum(['electron', 'headless', 'cli']),
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
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

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
]);
export type ApiEvent = z.infer<typeof apiEventSchema>;

/** Largest request body either transport accepts. */
export const MAX_API_PAYLOAD_BYTES = 1_000_000;
