/**
 * The capture policy's part of the Api contract (api.ts): the exclusion lists (list, change, CSV
 * import and export) and "simulate a change" (`capture.simulate`): what a draft of the settings
 * and lists would newly import or newly skip, against the current ones, on the same messages,
 * storing nothing. Imports and skips are listed with the header fields the preview shows for
 * imports; a message neither side imports shows none.
 */
import { z } from 'zod';
import { exclusionInputSchema, MAX_EXCLUSIONS, storedExclusionSchema } from './capture-policy.js';
import { reasonSchema, verdictSchema } from './domain.js';
import { previewSourceSchema, previewSummarySchema } from './preview.js';
import { settingsPatchSchema } from './settings.js';

/** Characters of one exclusions CSV (about 20,000 rows); JSON-escaped into the request body it stays under the transport's 1 MB. */
export const MAX_EXCLUSIONS_CSV_CHARS = 900_000;
/** Entries added or removed by one console change. */
export const MAX_EXCLUSION_CHANGE = 1000;

/** A draft of the capture policy: settings fields replaced whole (as settings.update does), and optionally the whole exclusion list. */
export const captureDraftSchema = settingsPatchSchema
  .extend({ exclusions: z.array(exclusionInputSchema).max(MAX_EXCLUSIONS).optional() })
  .strict();
export type CaptureDraft = z.input<typeof captureDraftSchema>;

const decided = z.object({ verdict: verdictSchema, reasons: z.array(reasonSchema) });

export const simulationChangeSchema = z.object({
  id: z.string(),
  internetMessageId: z.string().nullable(),
  mailbox: z.string().nullable(),
  folder: z.string().nullable(),
  receivedAt: z.string().nullable(),
  change: z.enum(['newly-imported', 'newly-skipped']),
  current: decided,
  draft: decided,
  /** Header fields of the side that imports it (what is or would be stored). */
  captured: z.object({ from: z.string(), to: z.array(z.string()), subject: z.string(), sentAt: z.string() }).nullable(),
});
export type SimulationChange = z.infer<typeof simulationChangeSchema>;

export const simulationResultSchema = z.object({
  current: previewSummarySchema,
  draft: previewSummarySchema,
  newlyImported: z.number().int(),
  newlySkipped: z.number().int(),
  /** Newly skipped messages by the draft's skip reason; newly imported ones by the current skip reason they escape. */
  byReason: z.object({ newlySkipped: z.record(z.string(), z.number().int()), newlyImported: z.record(z.string(), z.number().int()) }),
  changes: z.array(simulationChangeSchema),
  truncated: z.boolean(),
});
export type SimulationResult = z.infer<typeof simulationResultSchema>;

export const exclusionsCsvReportSchema = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  added: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});
export type ExclusionsCsvReport = z.infer<typeof exclusionsCsvReportSchema>;

export const captureApiContract = {
  'exclusions.list': {
    input: z.object({}).strict(),
    output: z.object({ items: z.array(storedExclusionSchema), revision: z.number().int() }),
  },
  /** Adds and removes entries in one audited change; an invalid entry refuses the whole change. */
  'exclusions.change': {
    input: z
      .object({
        add: z.array(exclusionInputSchema).max(MAX_EXCLUSION_CHANGE).default([]),
        remove: z.array(z.number().int().min(1)).max(MAX_EXCLUSION_CHANGE).default([]),
      })
      .strict(),
    output: z.object({ added: z.number().int(), removed: z.number().int(), unchanged: z.number().int(), revision: z.number().int() }),
  },
  /** `kind,value,mailbox` rows; replace: the file becomes the whole list. A file with a bad row changes nothing. */
  'exclusions.importCsv': {
    input: z
      .object({
        text: z.string().min(1, { message: 'the file is empty' }).max(MAX_EXCLUSIONS_CSV_CHARS, { message: `is larger than ${MAX_EXCLUSIONS_CSV_CHARS.toLocaleString('en')} characters` }),
        mode: z.enum(['add', 'replace']).default('add'),
        dryRun: z.boolean().default(false),
      })
      .strict(),
    output: exclusionsCsvReportSchema,
  },
  'exclusions.exportCsv': {
    input: z.object({}).strict(),
    output: z.object({ csv: z.string(), entries: z.number().int() }),
  },
  'capture.simulate': {
    input: z.object({ draft: captureDraftSchema, source: previewSourceSchema }).strict(),
    output: simulationResultSchema,
  },
} as const;
