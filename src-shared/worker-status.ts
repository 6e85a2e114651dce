/**
 * A `correspondent worker` as `status` and the console's health page show it (issue 20): its
 * state - running, or the fault it waits out with backoff (database-unavailable, graph-unavailable,
 * consent-missing, graph-auth, disk-full, failing) - since when, and when it tries next.
 */
import { z } from 'zod';

export const workerStatusSchema = z.object({
  instanceId: z.string(),
  host: z.string(),
  pid: z.number().int(),
  startedAt: z.string(),
  state: z.string(),
  detail: z.string().nullable(),
  since: z.string(),
  consecutiveFailures: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastCycleAt: z.string().nullable(),
  /** The search indexer, when Elasticsearch is configured. */
  search: z.object({ consecutiveFailures: z.number().int(), lastError: z.string().nullable() }).nullable(),
  updatedAt: z.string(),
});
export type WorkerStatus = z.infer<typeof workerStatusSchema>;
