/** The Decision type as a zod schema, to check property-test outputs (domain.ts declares it as a type). */
import { z } from 'zod';
import { capturedEmailSchema, crmMatchSchema, reasonSchema, verdictSchema } from '../../../src-shared/domain.js';

export const decisionSchemaForTest = z
  .object({
    verdict: verdictSchema,
    reasons: z.array(reasonSchema),
    email: capturedEmailSchema.strict().optional(),
    match: crmMatchSchema.optional(),
    externalDomains: z.array(z.string()).optional(),
  })
  .strict()
  .refine((d) => (d.verdict === 'import') === (d.email !== undefined && d.match !== undefined));
