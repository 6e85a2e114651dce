import { z } from 'zod';
import { APP_ERROR_CODES, type Result } from '../../src-shared/errors.js';

/** The Result envelope as it arrives over a transport: parsed, never trusted. */
export const resultSchema: z.ZodType<Result<unknown>> = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }).transform((r) => ({ ok: true as const, value: r.value })),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.enum(APP_ERROR_CODES),
      message: z.string(),
      retryable: z.boolean(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  }),
]);
