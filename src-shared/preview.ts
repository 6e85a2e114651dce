/**
 * The console's rule preview (`preview.run`): what would be imported, decided by the same rules
 * as the sync, without storing anything. Skipped messages carry no content (no subject, no
 * sender): only where they were, when, and why they were skipped. Imported ones show the
 * captured header fields, exactly what the sync would store.
 */
import { z } from 'zod';
import { decisionStageSchema, reasonSchema, verdictSchema } from './domain.js';

/** Messages decided per run, over every source; more is refused (pasted/dropped) or cut (mailboxes). */
export const PREVIEW_MAX_MESSAGES = 500;
/** Mailboxes read per run. */
export const PREVIEW_MAX_MAILBOXES = 20;
/** Characters of pasted Graph JSON, and of one dropped .eml file. Escaped into the request body, both stay under the transport's 1 MB. */
export const PREVIEW_MAX_JSON_CHARS = 600_000;
export const PREVIEW_MAX_EML_CHARS = 300_000;
/** Dropped .eml files per run, and their total size. */
export const PREVIEW_MAX_EML_FILES = 50;
export const PREVIEW_MAX_EML_TOTAL_CHARS = 600_000;

const isoDate = z.string().trim().refine((value) => !Number.isNaN(Date.parse(value)), { message: 'must be a date such as 2024-03-01' });

export const previewSourceSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('mailboxes'),
      addresses: z.array(z.string().trim().toLowerCase().min(3).max(320)).min(1, { message: 'pick at least one mailbox' }).max(PREVIEW_MAX_MAILBOXES),
      since: isoDate,
      /** Exclusive; absent: up to now. */
      until: isoDate.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('graphJson'),
      text: z.string().min(1, { message: 'paste a Graph message, a JSON array, or envelopes (one per line)' }).max(PREVIEW_MAX_JSON_CHARS, {
        message: `is larger than ${PREVIEW_MAX_JSON_CHARS.toLocaleString('en')} characters`,
      }),
    })
    .strict(),
  z
    .object({
      kind: z.literal('eml'),
      files: z
        .array(
          z
            .object({
              name: z.string().trim().min(1).max(255),
              text: z.string().max(PREVIEW_MAX_EML_CHARS, { message: `a file is larger than ${PREVIEW_MAX_EML_CHARS.toLocaleString('en')} characters` }),
            })
            .strict(),
        )
        .min(1, { message: 'drop at least one .eml file' })
        .max(PREVIEW_MAX_EML_FILES, { message: `at most ${PREVIEW_MAX_EML_FILES} files per preview` }),
    })
    .strict(),
]);
export type PreviewSource = z.infer<typeof previewSourceSchema>;

export const previewLineSchema = z.object({
  /** Graph id, file name, or `line N` of pasted input. */
  id: z.string(),
  internetMessageId: z.string().nullable(),
  verdict: verdictSchema,
  reasons: z.array(reasonSchema),
  /** Where it was decided: on its envelope (its body never downloaded) or on its content. */
  stage: decisionStageSchema,
  mailbox: z.string().nullable(),
  folder: z.string().nullable(),
  receivedAt: z.string().nullable(),
  /** What the sync would store (header fields only); null for skipped messages. */
  captured: z
    .object({
      from: z.string(),
      to: z.array(z.string()),
      cc: z.array(z.string()),
      subject: z.string(),
      sentAt: z.string(),
      accountIds: z.array(z.string()),
    })
    .nullable(),
});
export type PreviewLineView = z.infer<typeof previewLineSchema>;

export const previewSummarySchema = z.object({
  total: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int(),
  byReason: z.record(z.string(), z.number().int()),
  missingFromCrm: z.array(z.object({ domain: z.string(), count: z.number().int() })),
});

/** A mailbox the preview could not read; the others' results are still given. */
export const previewMailboxFailureSchema = z.object({ mailbox: z.string(), code: z.string(), message: z.string() });
export type PreviewMailboxFailure = z.infer<typeof previewMailboxFailureSchema>;

export const previewResultSchema = z.object({
  lines: z.array(previewLineSchema),
  summary: previewSummarySchema,
  /** True when a mailbox read stopped at PREVIEW_MAX_MESSAGES: the range holds more. */
  truncated: z.boolean(),
  /** Mailboxes that could not be read (no Exchange mailbox, access refused), each with why. */
  failures: z.array(previewMailboxFailureSchema),
});
export type PreviewResultView = z.infer<typeof previewResultSchema>;
