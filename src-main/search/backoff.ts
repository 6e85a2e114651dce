/**
 * Capped exponential backoff with full jitter: after n consecutive failures wait a random time in
 * [0, min(max, base * 2^(n-1))]. The jitter keeps several instances that lost Elasticsearch at the
 * same moment from returning to it in lock step.
 */
export type BackoffPolicy = { baseMs: number; maxMs: number };

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 };

export function backoffDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.floor(random() * ceiling);
}
